package finding

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The scoreboard measures the parser on whole consolidated reports, the
// way real reviews reach it: each report's appendix is split into agent
// reviews, each review is parsed, and the parse is compared with a
// reference that does not use the parser (refScan, a line scan written for
// this measurement). It runs on the fixture reports in testdata (floors
// asserted by TestScoreboardFixtures) and on any directory of reports
// named by DEEPREVIEW_CORPUS (TestScoreboardCorpus, figures printed).

// board is the scoreboard of a set of reports.
type board struct {
	reports, splitOK       int // reports with an appendix; split right
	reviews, exact         int // reviews with findings; parsed with the reference's count
	want, recovered        int // reference findings; found by the parser
	tagged, tagKept        int // reference entries with a kind tag; parsed with that kind
	placeholders           int // "None."-like findings, observations or limitations
	covWant, covGot, bogus int // reference coverage rows; parsed; parsed entries that are not paths
	misses                 []string
}

func (b *board) String() string {
	return fmt.Sprintf("appendix split %d/%d (%s); reviews exact %d/%d (%s); findings recovered %d/%d (%s); kind tags kept %d/%d (%s); placeholders %d; coverage %d/%d rows, %d bogus",
		b.splitOK, b.reports, pct(b.splitOK, b.reports), b.exact, b.reviews, pct(b.exact, b.reviews),
		b.recovered, b.want, pct(b.recovered, b.want), b.tagKept, b.tagged, pct(b.tagKept, b.tagged),
		b.placeholders, b.covGot, b.covWant, b.bogus)
}

func pct(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(a)/float64(b))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scoreDir scores every report (*.md) of dir.
func scoreDir(t testing.TB, dir string) *board {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reports in %s: %v", dir, err)
	}
	b := &board{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.report(filepath.Base(f), src)
	}
	return b
}

// report scores one consolidated report.
func (b *board) report(name string, src []byte) {
	want := appendixAgents(string(src))
	if len(want) == 0 {
		return // no appendix with agent reviews
	}
	b.reports++
	revs, err := SplitAppendix(src)
	if err != nil {
		b.miss("%s: split: %v", name, err)
		return
	}
	if why := splitProblem(revs, want); why != "" {
		b.miss("%s: split: %s", name, why)
	} else {
		b.splitOK++
	}
	for _, r := range revs {
		b.review(fmt.Sprintf("%s/%s/%d", name, r.Agent, r.Pass), r.Text)
	}
}

// splitProblem compares the split with the agents the reference expects:
// one review per agent and pass, none empty, none holding another's
// heading.
func splitProblem(revs []AppendixReview, want []string) string {
	var got []string
	seen := map[string]bool{}
	for _, r := range revs {
		if strings.TrimSpace(r.Text) == "" {
			return r.Agent + " is empty"
		}
		for _, o := range want {
			if o != r.Agent && reAgentHeading(o).MatchString(r.Text) {
				return r.Agent + " holds the heading of " + o
			}
		}
		k := fmt.Sprintf("%s/%d", r.Agent, r.Pass)
		if seen[k] {
			return k + " twice"
		}
		seen[k] = true
		if !slices.Contains(got, r.Agent) {
			got = append(got, r.Agent)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("agents %v, want %v", got, want)
	}
	return ""
}

// appendixAgents is the reference for the split: the reviewers of the
// report's Reviewers row and the agents named by headings after its
// appendix heading, sorted; nil when the report has no appendix or its
// appendix names no agent.
func appendixAgents(src string) []string {
	loc := reAppendix.FindStringIndex(src)
	if loc == nil {
		return nil
	}
	var out []string
	for _, m := range reAnyAgentHeading.FindAllStringSubmatch(src[loc[1]:], -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	if len(out) == 0 {
		return nil
	}
	for _, r := range headerReviewers(src) {
		out = append(out, strings.Trim(r, "~"))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	reAppendix        = regexp.MustCompile(`(?im)^#{1,3} [^\n]*appendix[^\n]*$`)
	reAnyAgentHeading = regexp.MustCompile(`(?im)^#{2,4} (?:appendix:? )?\[?(claude|codex|gemini|copilot|cursor|aider|opencode|qwen)\b[^\n]*$`)
)

func reAgentHeading(agent string) *regexp.Regexp {
	return regexp.MustCompile(`(?im)^#{2,3} \[?` + regexp.QuoteMeta(agent) + `\b[^\n]*$`)
}

var reReviewers = regexp.MustCompile(`(?m)^\|\s*\*\*Reviewers?\*\*\s*\|([^\n]*)\|\s*$`)

// headerReviewers reads the agents of the report's Reviewers row, lower
// case; a struck-out one ("~~Gemini 3.1 Pro~~") keeps a leading "~".
func headerReviewers(src string) []string {
	m := reReviewers.FindStringSubmatch(src)
	if m == nil {
		return nil
	}
	var out []string
	for _, part := range strings.Split(m[1], ",") {
		p := strings.TrimSpace(part)
		struck := strings.HasPrefix(p, "~~")
		w := strings.Fields(strings.Trim(p, "~*[] "))
		if len(w) == 0 {
			continue
		}
		name := strings.ToLower(strings.Trim(w[0], "~*[]"))
		if struck {
			name = "~" + name
		}
		out = append(out, name)
	}
	return out
}

func (b *board) miss(format string, args ...any) {
	b.misses = append(b.misses, fmt.Sprintf(format, args...))
}

// review scores one agent review against the reference scan.
func (b *board) review(name, text string) {
	ref := refScan(text)
	r, err := Parse(name, []byte(text))
	if len(ref.entries) == 0 && ref.groups == 0 {
		return // a pointer or failure note: nothing to recover
	}
	b.reviews++
	b.want += len(ref.entries)
	b.covWant += ref.coverage
	for _, e := range ref.entries {
		if e.kind != "" {
			b.tagged++
		}
	}
	if err != nil {
		b.miss("%s: %v (reference: %d findings)", name, err, len(ref.entries))
		return
	}
	b.recovered += min(len(r.Findings), len(ref.entries))
	if len(r.Findings) == len(ref.entries) {
		b.exact++
	} else {
		b.miss("%s: %d findings, reference %d %v", name, len(r.Findings), len(ref.entries), ref.ids())
	}
	b.tags(name, ref, r)
	if n := placeholders(r); n > 0 {
		b.placeholders += n
		b.miss("%s: %d placeholder items", name, n)
	}
	b.covGot += len(r.Coverage)
	for _, c := range r.Coverage {
		if !plausiblePath(c.Path) {
			b.bogus++
			b.miss("%s: coverage entry %q is not a path", name, c.Path)
		}
	}
	if len(r.Coverage) != ref.coverage {
		b.miss("%s: %d coverage entries, reference %d", name, len(r.Coverage), ref.coverage)
	}
}

// tags counts the tagged reference entries whose parsed finding (the same
// id, else the same position) kept the kind.
func (b *board) tags(name string, ref refReview, r *Review) {
	for i, e := range ref.entries {
		if e.kind == "" {
			continue
		}
		var got *Finding
		if len(r.Findings) == len(ref.entries) {
			got = &r.Findings[i]
		}
		for j := range r.Findings {
			if got == nil && r.Findings[j].ID == e.id {
				got = &r.Findings[j]
			}
		}
		if got != nil && got.Kind == e.kind {
			b.tagKept++
		} else {
			k := "(no finding)"
			if got != nil {
				k = fmt.Sprintf("%q", got.Kind)
			}
			b.miss("%s: %s kind %s, reference %q", name, e.id, k, e.kind)
		}
	}
}

var placeholderTexts = []string{"none", "none.", "n/a", "n/a.", "na", "nothing", "—", "-", "none found.", "none identified."}

func isPlaceholder(s string) bool {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), "*_ "))
	return s == "" || slices.Contains(placeholderTexts, s)
}

func placeholders(r *Review) int {
	n := 0
	for _, f := range r.Findings {
		if isPlaceholder(f.Title) && strings.TrimSpace(f.Body) == "" {
			n++
		}
	}
	for _, o := range r.DesignObservations {
		if isPlaceholder(o.Text) {
			n++
		}
	}
	for _, l := range r.AcknowledgedLimitations {
		if isPlaceholder(l) {
			n++
		}
	}
	return n
}

// plausiblePath accepts what a changed file's path looks like.
func plausiblePath(p string) bool {
	return p != "" && !strings.ContainsAny(p, " \t*|`") && (strings.Contains(p, "/") || strings.Contains(p, ".") || p == strings.TrimSpace(p) && len(p) < 40 && p[0] >= 'A' && p[0] <= 'Z')
}

// TestScoreboardFixtures asserts floors on the fixture reports: figures
// may improve, never fall below these.
func TestScoreboardFixtures(t *testing.T) {
	b := scoreDir(t, "testdata/reports")
	t.Log(b)
	for _, m := range b.misses {
		t.Log(m)
	}
	floors := []struct {
		name      string
		got, want float64
	}{
		{"appendix split", ratio(b.splitOK, b.reports), 1},
		{"reviews exact", ratio(b.exact, b.reviews), 1},
		{"findings recovered", ratio(b.recovered, b.want), 1},
		{"kind tags kept", ratio(b.tagKept, b.tagged), 1},
		{"coverage rows", ratio(min(b.covGot, b.covWant), b.covWant), 1},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s: %.3f, floor %.3f", f.name, f.got, f.want)
		}
	}
	if b.placeholders > 0 || b.bogus > 0 {
		t.Errorf("%d placeholder items, %d bogus coverage entries", b.placeholders, b.bogus)
	}
}

// TestScoreboardCorpus prints the scoreboard of the reports in
// $DEEPREVIEW_CORPUS (a directory of consolidated reports, *.md); -v lists
// every miss.
func TestScoreboardCorpus(t *testing.T) {
	dir := os.Getenv("DEEPREVIEW_CORPUS")
	if dir == "" {
		t.Skip("DEEPREVIEW_CORPUS is not set: no corpus to measure")
	}
	b := scoreDir(t, dir)
	fmt.Println("parser scoreboard:", b)
	if testing.Verbose() {
		for _, m := range b.misses {
			fmt.Println("  ", m)
		}
	}
}
