package consolidate

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestFixtures consolidates the appendix reviews of every real report by
// code and compares the result with the report's own consolidated findings
// and their attributions. The report does not say which source finding
// went where, so each source finding is matched to the report finding,
// among those attributed to its agent, that shares a path and the most
// title words. The figures per report are kept in testdata/fixtures.golden.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/reports/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var out strings.Builder
	var total score
	fmt.Fprintln(&out, "report: sources, report multi-agent findings reproduced/all, our merges the report did not make, source findings the report lost")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := compareFixture(t, src)
		total.add(got)
		fmt.Fprintf(&out, "%s: %s\n", filepath.Base(file), got)
	}
	fmt.Fprintf(&out, "total: %s\n", total)
	golden := filepath.Join("testdata", "fixtures.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("fixture comparison changed (go test -update to accept):\n%s\nwant:\n%s", out.String(), want)
	}
	t.Log("\n" + out.String())
}

type score struct{ sources, reproduced, multi, extra, lost int }

func (a *score) add(b score) {
	a.sources += b.sources
	a.reproduced += b.reproduced
	a.multi += b.multi
	a.extra += b.extra
	a.lost += b.lost
}

func (a score) String() string {
	return fmt.Sprintf("%d sources, %d/%d reproduced, %d extra merges, %d lost", a.sources, a.reproduced, a.multi, a.extra, a.lost)
}

var reTag = regexp.MustCompile(`\[((?:Claude|Codex|Gemini)[^\]]*)\]`)

// compareFixture consolidates one report's appendix and compares.
func compareFixture(t *testing.T, src []byte) score {
	text := string(src)
	body, _, ok := strings.Cut(text, "## Appendix: Original Reviews")
	if !ok {
		return score{}
	}
	apps, err := finding.SplitAppendix(src)
	if err != nil {
		t.Logf("appendix: %v", err)
		return score{}
	}
	var in Input
	for _, a := range apps {
		s := Source{Name: a.Agent, Model: a.Model, Pass: a.Pass, Raw: a.Text}
		if rv, err := finding.Parse(a.Agent, []byte(a.Text)); err != nil {
			s.Err = err.Error()
		} else {
			s.Review = rv
		}
		if slices.ContainsFunc(in.Reviews, func(x Source) bool { return x.Name == s.Name }) {
			continue // a later pass of the same agent
		}
		in.Reviews = append(in.Reviews, s)
	}
	r, err := Consolidate(context.Background(), in)
	if err != nil {
		t.Fatalf("consolidate: %v", err)
	}
	theirs := reportFindings(body)
	_, items, _ := collect(in.Reviews)
	match := make(map[key]int) // source finding -> index in theirs
	for _, it := range items {
		if j, _ := bestMatch(it, theirs); j >= 0 {
			match[it.key] = j
		}
	}
	// truth: per report finding, the best source finding of each agent it
	// attributes.
	truth := make(map[key]int)
	members := make([][]key, len(theirs))
	for j, f := range theirs {
		for _, a := range f.Agents {
			best, top := key{}, 0.0
			for _, it := range items {
				if it.Agent != a {
					continue
				}
				if s := similarity(it, f); s > top {
					best, top = it.key, s
				}
			}
			if top >= minMatch {
				members[j] = append(members[j], best)
				truth[best] = j
			}
		}
	}
	var res score
	res.sources = len(items)
	ours := make(map[key]int) // source finding -> our finding
	for i, f := range r.Findings {
		for _, s := range f.Sources {
			ours[key{s.Agent, s.ID}] = i
		}
	}
	for j, f := range theirs {
		if len(f.Agents) < 2 {
			continue
		}
		res.multi++
		if len(members[j]) >= 2 && len(members[j]) == len(f.Agents) && sameCluster(members[j], ours) {
			res.reproduced++
		} else if testing.Verbose() {
			t.Logf("not reproduced: %s %q %v <- %v", f.ID, f.Title, f.Agents, members[j])
		}
	}
	for _, f := range r.Findings {
		if len(f.Sources) < 2 {
			continue
		}
		first, ok := truth[key{f.Sources[0].Agent, f.Sources[0].ID}]
		for _, s := range f.Sources[1:] {
			if m, ok2 := truth[key{s.Agent, s.ID}]; !ok || !ok2 || m != first {
				res.extra++
				if testing.Verbose() {
					t.Logf("extra merge: %s %q %v", f.ID, f.Title, sources(f))
				}
				break
			}
		}
	}
	for _, it := range items {
		if _, ok := match[it.key]; !ok && !mentioned(body, it) {
			res.lost++
		}
	}
	return res
}

func sameCluster(members []key, ours map[key]int) bool {
	for _, k := range members[1:] {
		if ours[k] != ours[members[0]] {
			return false
		}
	}
	return true
}

// reportFindings parses the report's own consolidated findings, with the
// attribution tags of each header line.
func reportFindings(body string) []finding.Finding {
	rv, err := finding.Parse("report", []byte(body))
	if err != nil {
		return nil
	}
	lines := strings.Split(body, "\n")
	for i := range rv.Findings {
		f := &rv.Findings[i]
		head := regexp.MustCompile(`^\s*(?:[-*]\s+)?(?:\*\*)?` + regexp.QuoteMeta(f.ID) + `\.`)
		probe := f.Title
		if len(probe) > 40 {
			probe = probe[:40]
		}
		for _, l := range lines {
			if !head.MatchString(l) && (probe == "" || !strings.Contains(l, probe) || !strings.Contains(l, "**")) {
				continue
			}
			for _, m := range reTag.FindAllStringSubmatch(l, -1) {
				for _, a := range strings.Split(m[1], ",") {
					if fs := strings.Fields(a); len(fs) > 0 {
						f.Agents = append(f.Agents, strings.ToLower(fs[0]))
					}
				}
			}
			break
		}
	}
	return rv.Findings
}

// bestMatch is the report finding attributed to the item's agent that
// shares a path with it and the most title words; -1 when none is close.
func bestMatch(it item, theirs []finding.Finding) (int, float64) {
	best, top := -1, 0.0
	for j, f := range theirs {
		if !slices.Contains(f.Agents, it.Agent) {
			continue
		}
		if s := similarity(it, f); s > top {
			best, top = j, s
		}
	}
	if top < minMatch {
		return -1, top
	}
	return best, top
}

const minMatch = 0.55

// similarity of a source finding and a report finding: shared title and
// opening words, and half a point for a shared path.
func similarity(it item, f finding.Finding) float64 {
	s := jaccard(it.f.Title+" "+head(it.f.Body), f.Title+" "+head(f.Body))
	if sharePath(it.f.Locations, f.Locations) {
		s += 0.5
	}
	return s
}

func head(s string) string {
	if len(s) > 400 {
		return s[:400]
	}
	return s
}

func sharePath(a, b []finding.Location) bool {
	var cited []string
	for _, l := range slices.Concat(a, b) {
		cited = append(cited, l.Path)
	}
	files := finding.InferFiles(cited)
	for _, x := range a {
		for _, y := range b {
			if files.Same(x.Path, y.Path) {
				return true
			}
		}
	}
	return false
}

var reWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]{2,}`)

func jaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range reWord.FindAllString(strings.ToLower(s), -1) {
			m[w] = true
		}
		return m
	}
	x, y := set(a), set(b)
	inter := 0
	for w := range x {
		if y[w] {
			inter++
		}
	}
	union := len(x) + len(y) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// mentioned says whether the report names the source finding anywhere
// (a reconciliation line, a drop, a design observation): "Gemini C1".
func mentioned(body string, it item) bool {
	return strings.Contains(body, title(it.Agent)+" "+it.ID) || strings.Contains(body, title(it.Agent)+"'s "+it.ID)
}
