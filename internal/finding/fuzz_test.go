package finding

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

func FuzzParse(f *testing.F) {
	revs, _ := fixtureReviews(f)
	for _, fr := range revs {
		f.Add([]byte(fr.Text))
	}
	for _, s := range syntheticSeeds {
		f.Add([]byte(s))
		// Each layout real agents produce (metamorph_transform_test.go).
		for _, tr := range transforms() {
			f.Add([]byte(tr.fn(s)))
		}
	}
	styles, _ := filepath.Glob("testdata/styles/*.md")
	for _, p := range styles {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Parse("fuzz", src)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Markdown(&buf, r); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("normalized", buf.Bytes()); err != nil {
			t.Fatalf("normalized output does not parse: %v", err)
		}
	})
}

func FuzzSplitAppendix(f *testing.F) {
	files, _ := filepath.Glob("testdata/reports/2*.md")
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("## Appendix: Original Reviews\n\n### [Claude] — Pass 99999999999999999999\n\ntext\n## Resolution\n"))
	// Every form of agent heading, with four reviewers and two passes
	// (metamorph_appendix_test.go).
	report := "# Deep Review\n\n## Appendix: Original Reviews\n\n### [Claude] — Pass 1\n\nx\n\n## Resolution\n\nDone.\n"
	base := []AppendixReview{{Agent: "claude", Pass: 1, Text: styleA}, {Agent: "codex", Pass: 1, Text: "```markdown\n" + styleB}}
	for _, set := range reviewSets(base) {
		for _, form := range appendixForms {
			f.Add([]byte(renderAppendix(report, set.revs, form)))
		}
	}
	apps, _ := filepath.Glob("testdata/appendix/*.md")
	for _, p := range apps {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		revs, err := SplitAppendix(src)
		if err != nil {
			return
		}
		for _, r := range revs {
			if r.Agent == "" || r.Pass < 0 {
				t.Fatalf("bad review heading: %+v", r)
			}
		}
	})
}

// BenchmarkParseAppendixReviews parses every fixture appendix review.
func BenchmarkParseAppendixReviews(b *testing.B) {
	texts := benchTexts(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			_, _ = Parse("bench", t)
		}
	}
}

// BenchmarkGoldmarkOnly is goldmark's own parse of the same bytes, with
// its default configuration: the baseline the parser is measured against.
func BenchmarkGoldmarkOnly(b *testing.B) {
	texts := benchTexts(b)
	gm := goldmark.New().Parser()
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			gm.Parse(text.NewReader(t))
		}
	}
}

// BenchmarkBlocksOnly is the block-only goldmark parse the parser runs.
func BenchmarkBlocksOnly(b *testing.B) {
	texts := benchTexts(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			markdown.Parse(text.NewReader(t))
		}
	}
}

func benchTexts(b *testing.B) [][]byte {
	revs, _ := fixtureReviews(b)
	var texts [][]byte
	total := 0
	for _, fr := range revs {
		texts = append(texts, []byte(fr.Text))
		total += len(fr.Text)
	}
	b.SetBytes(int64(total))
	return texts
}

// BenchmarkParseRatio times goldmark's default parse and Parse of each
// review in turn, so that load from other processes falls on both alike,
// and reports Parse's time as a multiple of goldmark's (x-goldmark).
func BenchmarkParseRatio(b *testing.B) {
	texts := benchTexts(b)
	gm := goldmark.New().Parser()
	var parse, gold time.Duration
	for b.Loop() {
		for _, t := range texts {
			t0 := time.Now()
			gm.Parse(text.NewReader(t))
			t1 := time.Now()
			_, _ = Parse("bench", t)
			gold += t1.Sub(t0)
			parse += time.Since(t1)
		}
	}
	b.ReportMetric(float64(parse)/float64(gold), "x-goldmark")
}

// TestLowerKeepsIndices: the helpers that find a word in a lower-cased
// copy and cut the original at its index never panic on invalid UTF-8 or
// on letters whose lower case is longer (the fuzzer found the first).
func TestLowerKeepsIndices(t *testing.T) {
	for _, s := range []string{"**ConCerns**-\x9e(in-sCope)", "Ⱥ\x9e (future) x", "[Claude] \x9e\x9e\x9e Pass 2", "ȺȺȺ Pass"} {
		_, _ = cutScope(s)
		_, _ = cutPass(s)
	}
}
