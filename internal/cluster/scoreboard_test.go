package cluster

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

// The merge scoreboard measures Group against the consolidation real
// reports made. Each report holds its agents' original reviews (the
// appendix) and its consolidated findings, each tagged with the agents
// that raised it ("[Claude Opus 4.7, Codex GPT 5.4]"). The report does not
// say which of an agent's findings went into a consolidated finding, so
// the ground truth is rebuilt by matching: every source finding of an
// agent the consolidated finding names is scored against it (title and
// opening words, shared file, nearby lines; see truthScore), and the best
// pairs are taken greedily, each source finding at most once, each
// consolidated finding at most one source finding per agent. Two source
// findings matched to the same consolidated finding are a merge the report
// made. Source findings matched to nothing (dropped, moved to design
// observations, folded into another finding of the same agent) are left
// out of both sides: a merge involving one is neither right nor wrong.
//
// Precision is the share of Group's cross-agent pairs (among matched
// findings) that the report also merged; recall the share of the report's
// pairs that Group made.

// mergeBoard is the scoreboard of a set of reports.
type mergeBoard struct {
	reports, sources, matched int
	truth, predicted, agreed  int
	misses, wrong             []string
}

func (b *mergeBoard) precision() float64 { return frac(b.agreed, b.predicted) }
func (b *mergeBoard) recall() float64    { return frac(b.agreed, b.truth) }

func frac(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (b *mergeBoard) String() string {
	return fmt.Sprintf("%d reports, %d source findings (%d matched to the report's findings); cross-agent pairs: report %d, Group %d, both %d; precision %.3f, recall %.3f",
		b.reports, b.sources, b.matched, b.truth, b.predicted, b.agreed, b.precision(), b.recall())
}

func scoreMerges(t testing.TB, dir string) *mergeBoard {
	return scoreHalf(t, dir, "")
}

// scoreHalf scores the reports of dir, or half of them: "even" or "odd"
// takes the reports at even or odd positions of the files sorted by name,
// so that thresholds can be tuned on one half and checked on the other.
func scoreHalf(t testing.TB, dir, half string) *mergeBoard {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reports in %s: %v", dir, err)
	}
	if half != "" {
		var kept []string
		for i, f := range files { // Glob sorts by name
			if (i%2 == 0) == (half == "even") {
				kept = append(kept, f)
			}
		}
		files = kept
	}
	b := &mergeBoard{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.report(filepath.Base(f), string(src))
	}
	return b
}

// source is one agent finding of a report's appendix.
type source struct {
	agent string
	f     finding.Finding
}

// consolidated is one finding of a report with its agents.
type consolidated struct {
	f      finding.Finding
	agents []string
}

func (b *mergeBoard) report(name, src string) {
	loc := reAppendixHeading.FindStringIndex(src)
	if loc == nil {
		return
	}
	sources := appendixSources(src)
	theirs := reportFindings(src[:loc[0]])
	if len(sources) == 0 || len(theirs) == 0 {
		return
	}
	b.reports++
	b.sources += len(sources)
	of := matchTruth(sources, theirs) // source index -> consolidated index
	b.matched += len(of)
	items := make([]Item, len(sources))
	for i := range sources {
		items[i] = Item{Agent: sources[i].agent, Finding: &sources[i].f}
	}
	ours := make([]int, len(items))
	for c, g := range Group(items, finding.Files{}) {
		for _, i := range g {
			ours[i] = c
		}
	}
	for i := range sources {
		for j := i + 1; j < len(sources); j++ {
			ci, oki := of[i]
			cj, okj := of[j]
			if !oki || !okj || sources[i].agent == sources[j].agent {
				continue
			}
			inTruth, inOurs := ci == cj, ours[i] == ours[j]
			if inTruth {
				b.truth++
			}
			if inOurs {
				b.predicted++
			}
			switch {
			case inTruth && inOurs:
				b.agreed++
			case inTruth:
				b.misses = append(b.misses, fmt.Sprintf("%s: missed %s", name, pairText(sources[i], sources[j])))
			case inOurs:
				b.wrong = append(b.wrong, fmt.Sprintf("%s: wrong %s", name, pairText(sources[i], sources[j])))
			}
		}
	}
}

func pairText(a, b source) string {
	return fmt.Sprintf("%s %s %q %v + %s %s %q %v", a.agent, a.f.ID, a.f.Title, locText(a.f), b.agent, b.f.ID, b.f.Title, locText(b.f))
}

func locText(f finding.Finding) []string {
	var out []string
	for _, l := range f.Locations {
		out = append(out, fmt.Sprintf("%s:%d-%d", l.Path, l.StartLine, l.EndLine))
	}
	return out
}

var reAppendixHeading = regexp.MustCompile(`(?m)^#{1,3} (?:\d+\. )?Appendix`)

// appendixSources parses every review of the report's appendix.
func appendixSources(src string) []source {
	revs, err := finding.SplitAppendix([]byte(src))
	if err != nil {
		return nil
	}
	var out []source
	for _, r := range revs {
		rv, err := finding.Parse(r.Agent, []byte(r.Text))
		if err != nil {
			continue
		}
		for _, f := range rv.Findings {
			out = append(out, source{agent: r.Agent, f: f})
		}
	}
	return out
}

var (
	reEntryLine = regexp.MustCompile(`^\s*(?:[-*]\s+)?(?:#+\s+)?(?:\*\*)?([CIS]\d+)[.:)]`)
	reTags      = regexp.MustCompile(`\[([A-Z][A-Za-z]+[^\]\[]*)\]`)
	reAsOther   = regexp.MustCompile(`\(as (?:[^CIS)]|[CIS][^0-9])`)
)

// reportFindings parses a report's consolidated findings and reads the
// agent tags on each one's title line (or the line after it).
func reportFindings(body string) []consolidated {
	rv, err := finding.Parse("report", []byte(body))
	if err != nil {
		return nil
	}
	agents := map[string][]string{}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		m := reEntryLine.FindStringSubmatch(l)
		if m == nil || agents[m[1]] != nil {
			continue
		}
		tags := tagAgents(l)
		if len(tags) == 0 && i+1 < len(lines) {
			tags = tagAgents(lines[i+1])
		}
		agents[m[1]] = tags
	}
	var out []consolidated
	for _, f := range rv.Findings {
		if a := agents[f.ID]; len(a) > 0 {
			out = append(out, consolidated{f: f, agents: a})
		}
	}
	return out
}

// tagAgents reads "[Claude Opus 4.7, Codex GPT 5.4 (as S2)]" tags. An
// agent credited for another section ("Gemini 3.1 Pro (as Design
// Observation)") raised no finding that went into this one.
func tagAgents(line string) []string {
	var out []string
	for _, m := range reTags.FindAllStringSubmatch(line, -1) {
		for _, part := range strings.Split(m[1], ",") {
			w := strings.Fields(part)
			if len(w) == 0 || reAsOther.MatchString(part) {
				continue
			}
			a := strings.ToLower(w[0])
			if a == "claude" || a == "codex" || a == "gemini" || a == "copilot" || a == "cursor" {
				out = append(out, a)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// minTruth is the score a source finding needs to be matched, and
// minTruthText the part of it its words must earn: citing the same lines
// alone (0.30) is no match. Below it, on the corpus, an agent's unrelated
// finding in the same file took the place of what the report credited it
// for from another section ("Gemini (as Design Observation)") or folded
// into a finding about something else ("Avoid `$(command)`" matched to
// "BATS tests mutate the developer's config", text 0.04).
const (
	minTruth     = 0.25
	minTruthText = minTruth / 2
)

// matchTruth matches source findings to consolidated findings: per
// agent, the assignment of its findings to the consolidated findings that
// name it with the highest total score (each side used at most once),
// keeping the pairs that score at least minTruth.
func matchTruth(sources []source, theirs []consolidated) map[int]int {
	sim := truthScores(sources, theirs)
	out := map[int]int{}
	agents := map[string]bool{}
	for _, s := range sources {
		agents[s.agent] = true
	}
	for a := range agents {
		var rows, cols []int
		for i, s := range sources {
			if s.agent == a {
				rows = append(rows, i)
			}
		}
		for j, c := range theirs {
			if slices.Contains(c.agents, a) {
				cols = append(cols, j)
			}
		}
		w := make([][]float64, len(rows))
		for r, i := range rows {
			w[r] = make([]float64, len(cols))
			for c, j := range cols {
				if sim[i][j] >= minTruth && sim[i][j]-locBonus(sources[i].f, theirs[j].f) >= minTruthText {
					w[r][c] = sim[i][j]
				}
			}
		}
		for r, c := range assign(w) {
			if c >= 0 && w[r][c] > 0 {
				out[rows[r]] = cols[c]
			}
		}
	}
	return out
}

// assign solves the assignment problem for the weights w (rows by
// columns), maximizing the total: for each row, its column or -1. It is
// the Hungarian algorithm on the square matrix of costs max-w, padded.
func assign(w [][]float64) []int {
	n := len(w)
	m := 0
	if n > 0 {
		m = len(w[0])
	}
	size := max(n, m)
	if size == 0 {
		return nil
	}
	top := 0.0
	for _, row := range w {
		for _, x := range row {
			top = max(top, x)
		}
	}
	cost := func(i, j int) float64 {
		if i < n && j < m {
			return top - w[i][j]
		}
		return top
	}
	const inf = 1e18
	u, v := make([]float64, size+1), make([]float64, size+1)
	p, way := make([]int, size+1), make([]int, size+1)
	for i := 1; i <= size; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, size+1)
		used := make([]bool, size+1)
		for j := range minv {
			minv[j] = inf
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= size; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= size; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= size; j++ {
		if i := p[j] - 1; i >= 0 && i < n && j-1 < m {
			out[i] = j - 1
		}
	}
	return out
}

// truthScores scores every source finding against every consolidated
// finding: the cosine of their words weighted by rarity in the report
// (title words three times, code spans twice, the body's first 1,500
// bytes once; words cut to six letters so "triggers" meets "triggered"),
// plus 0.15 for citing the same file and 0.15 more for lines within 20
// of each other.
func truthScores(sources []source, theirs []consolidated) [][]float64 {
	docs := make([]map[string]float64, 0, len(sources)+len(theirs))
	for _, s := range sources {
		docs = append(docs, truthTerms(s.f))
	}
	for _, c := range theirs {
		docs = append(docs, truthTerms(c.f))
	}
	df := map[string]int{}
	for _, d := range docs {
		for w := range d {
			df[w]++
		}
	}
	for _, d := range docs {
		for w, x := range d {
			d[w] = x * math.Log(1+float64(len(docs))/float64(df[w]))
		}
	}
	out := make([][]float64, len(sources))
	for i, s := range sources {
		out[i] = make([]float64, len(theirs))
		for j, c := range theirs {
			out[i][j] = cos(docs[i], docs[len(sources)+j]) + locBonus(s.f, c.f)
		}
	}
	return out
}

func truthTerms(f finding.Finding) map[string]float64 {
	tf := map[string]float64{}
	add := func(text string, weight float64) {
		for _, w := range reWord.FindAllString(strings.ToLower(text), -1) {
			if truthStop[w] {
				continue
			}
			if len(w) > 6 {
				w = w[:6]
			}
			tf[w] += weight
		}
	}
	add(f.Title, 3)
	add(head(f.Body), 1)
	for _, span := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(f.Title+" "+head(f.Body), -1) {
		add(span[1], 2)
	}
	for w, x := range tf {
		tf[w] = 1 + math.Log(x)
	}
	return tf
}

// truthStop are the words the scoreboard's own similarity ignores.
var truthStop = wordSet(`the and for that this with are not but when from its can will into which has have was
	were been than then they their there these those also only does each any all one two out use used using
	line lines file files code fix should would could may might must new old call calls`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func cos(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for w, x := range a {
		na += x * x
		dot += x * b[w]
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func locBonus(s, c finding.Finding) float64 {
	file, near := false, false
	for _, a := range s.Locations {
		for _, b := range c.Locations {
			if !sameFile(a.Path, b.Path) {
				continue
			}
			file = true
			if a.StartLine > 0 && b.StartLine > 0 && a.StartLine <= max(b.EndLine, b.StartLine)+20 && b.StartLine <= max(a.EndLine, a.StartLine)+20 {
				near = true
			}
		}
	}
	bonus := 0.0
	if file {
		bonus += 0.15
	}
	if near {
		bonus += 0.15
	}
	return bonus
}

func head(s string) string {
	if len(s) > 1500 {
		return s[:1500]
	}
	return s
}

func sameFile(a, b string) bool {
	return a == b || strings.HasSuffix(a, "/"+b) || strings.HasSuffix(b, "/"+a)
}

var reWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]{2,}`)

// Floors of the fixture scoreboard: what Group reaches on the sixteen
// fixture reports (the seven with both an appendix and attributed
// multi-agent findings), rounded down. They may rise, never fall. The
// issue's goal is 0.95 for both; see the package comment for what keeps
// lexical clustering below it.
const (
	floorPrecision = 0.95
	floorRecall    = 0.95
)

// TestMergeScoreboardFixtures asserts floors on the fixture reports (read
// from internal/finding's copy of them).
func TestMergeScoreboardFixtures(t *testing.T) {
	b := scoreMerges(t, filepath.Join("..", "finding", "testdata", "reports"))
	t.Log(b)
	for _, m := range slices.Concat(b.misses, b.wrong) {
		t.Log(m)
	}
	if b.precision() < floorPrecision || b.recall() < floorRecall {
		t.Errorf("precision %.3f, recall %.3f: floors are %.2f and %.2f", b.precision(), b.recall(), floorPrecision, floorRecall)
	}
	if b.truth < 15 {
		t.Errorf("only %d merges in the ground truth: the matching broke", b.truth)
	}
}

// TestMergeScoreboardCorpus prints the scoreboard of the reports in
// $DEEPREVIEW_CORPUS (only half of them when $DEEPREVIEW_CORPUS_HALF is
// "even" or "odd"); -v lists every missed and wrong pair.
func TestMergeScoreboardCorpus(t *testing.T) {
	dir := os.Getenv("DEEPREVIEW_CORPUS")
	if dir == "" {
		t.Skip("DEEPREVIEW_CORPUS is not set: no corpus to measure")
	}
	half := os.Getenv("DEEPREVIEW_CORPUS_HALF")
	if half != "" && half != "even" && half != "odd" {
		t.Fatalf("DEEPREVIEW_CORPUS_HALF is %q: want even or odd", half)
	}
	b := scoreHalf(t, dir, half)
	fmt.Println("merge scoreboard:", b)
	if testing.Verbose() {
		for _, m := range slices.Concat(b.misses, b.wrong) {
			fmt.Println("  ", m)
		}
	}
}

// TestTagAgents checks the reading of a report's agent tags: an agent
// credited under another of its own ids counts, one credited for another
// section does not.
func TestTagAgents(t *testing.T) {
	for line, want := range map[string][]string{
		"I7. **Title** — `a.go:1` [Codex GPT 5.4, Claude Opus 4.6 (as S5), Gemini 3.1 Pro (as C4)]": {"claude", "codex", "gemini"},
		"I4. **Title** — `a.go:1` [Claude Opus 4.6, Gemini 3.1 Pro (as Design Observation)]":        {"claude"},
		"S1. **Title** [Gemini 3.1 Pro (as Concern)]":                                               nil,
	} {
		if got := tagAgents(line); !slices.Equal(got, want) {
			t.Errorf("tagAgents(%q) = %v, want %v", line, got, want)
		}
	}
}
