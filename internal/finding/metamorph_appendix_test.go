package finding

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The metamorphic test of SplitAppendix: the appendix of every real
// report is split as the baseline, then rendered again with the agent
// headings in each form real reports use, and split again. The split must
// give the same agents with the same texts, in order.

// appendixForm renders the heading of one review of a re-rendered
// appendix; pass is false when the form does not say the pass.
type appendixForm struct {
	name    string
	heading func(r AppendixReview) string
	// opens is the appendix heading the form puts before the first
	// review ("" when each review heading is an appendix heading).
	opens string
	pass  bool
}

// displayModel is the model label of an agent when the baseline has none.
func displayModel(r AppendixReview) string {
	if r.Model != "" {
		return r.Model
	}
	switch r.Agent {
	case "claude":
		return "Claude Opus 4.7"
	case "codex":
		return "Codex GPT 5.4"
	case "gemini":
		return "Gemini 3.1 Pro"
	}
	return strings.ToUpper(r.Agent[:1]) + r.Agent[1:] + " 1.0"
}

// displayName is the agent's name as a heading writes it: "Claude".
func displayName(r AppendixReview) string {
	return strings.ToUpper(r.Agent[:1]) + r.Agent[1:]
}

func passSuffix(r AppendixReview) string {
	if r.Pass > 1 {
		return fmt.Sprintf(" — Pass %d", r.Pass)
	}
	return ""
}

var appendixForms = []appendixForm{
	{name: "bracket", opens: "## Appendix: Original Reviews", heading: func(r AppendixReview) string {
		return "### [" + displayName(r) + "]" + passSuffix(r)
	}},
	{name: "bracket-pass", opens: "## Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return fmt.Sprintf("### [%s] — Pass %d", displayName(r), r.Pass)
	}},
	{name: "appendix-per-agent", pass: true, heading: func(r AppendixReview) string {
		return "## Appendix: [" + displayName(r) + "]" + passSuffix(r)
	}},
	{name: "model-review", opens: "## Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		h := "### " + displayModel(r) + " review"
		if r.Pass > 1 {
			h += fmt.Sprintf(" (pass %d)", r.Pass)
		}
		return h
	}},
	{name: "bracket-model-h4", opens: "### Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return "#### [" + displayModel(r) + "]" + passSuffix(r)
	}},
	{name: "bracket-agent-model", opens: "## 5. Appendix — Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return "### [" + displayName(r) + "] " + displayModel(r) + passSuffix(r)
	}},
	{name: "name-only", opens: "## Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return "### " + displayName(r) + passSuffix(r)
	}},
	{name: "bold-bracket", opens: "## Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return fmt.Sprintf("### **[%s]** — Pass %d", displayName(r), r.Pass)
	}},
	{name: "h2-under-h1", opens: "# Appendix: Original Reviews", pass: true, heading: func(r AppendixReview) string {
		return fmt.Sprintf("## [%s] — Pass %d", displayName(r), r.Pass)
	}},
}

// reviewSets are the sets of reviews an appendix is rendered with: the
// baseline's, four reviewers (agents added until there are four, each
// with the text of a baseline review), and two passes of the first agent.
func reviewSets(base []AppendixReview) []reviewSet {
	four := append([]AppendixReview(nil), base...)
	seen := map[string]bool{}
	for _, r := range base {
		seen[r.Agent] = true
	}
	for i, extra := 0, []string{"copilot", "cursor", "aider", "qwen"}; len(seen) < 4 && i < len(extra); i++ {
		if !seen[extra[i]] {
			seen[extra[i]] = true
			four = append(four, AppendixReview{Agent: extra[i], Pass: 1, Text: base[i%len(base)].Text})
		}
	}
	two := append([]AppendixReview(nil), base...)
	first := base[0]
	second := AppendixReview{Agent: first.Agent, Model: first.Model, Pass: first.Pass + 1, Text: base[len(base)-1].Text}
	two = append(two[:1], append([]AppendixReview{second}, two[1:]...)...)
	return []reviewSet{{"baseline", base}, {"four-reviewers", four}, {"two-passes", two}}
}

type reviewSet struct {
	name string
	revs []AppendixReview
}

var (
	mAppendixHeading   = regexp.MustCompile(`(?im)^#{1,3} [^\n]*appendix[^\n]*$`)
	mResolutionHeading = regexp.MustCompile(`(?im)^#{1,2} resolution[^\n]*$`)
)

// renderAppendix puts revs back into the report src in form f: the
// report up to its appendix, the reviews under their headings, and the
// report's Resolution section, if any.
func renderAppendix(src string, revs []AppendixReview, f appendixForm) string {
	loc := mAppendixHeading.FindStringIndex(src)
	var b strings.Builder
	b.WriteString(src[:loc[0]])
	suffix := ""
	if r := mResolutionHeading.FindStringIndex(src[loc[0]:]); r != nil {
		suffix = src[loc[0]+r[0]:]
	}
	if f.opens != "" {
		b.WriteString(f.opens + "\n\n")
	}
	for i, r := range revs {
		if i > 0 {
			b.WriteString("\n\n---\n\n")
		}
		b.WriteString(f.heading(r) + "\n\n" + r.Text + "\n")
	}
	if suffix != "" {
		b.WriteString("\n" + suffix)
	}
	return b.String()
}

// metaReports are the fixture reports and those of $DEEPREVIEW_CORPUS.
func metaReports(t *testing.T) []namedReport {
	files, err := filepath.Glob("testdata/reports/2*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture reports: %v", err)
	}
	var out []namedReport
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedReport{filepath.Base(f), src})
	}
	return append(out, corpusReports(t)...)
}

// TestMetamorphicSplitAppendix re-renders every real appendix with the
// agent headings of every form and review set, and checks that the split
// gives back the same agents, passes (when the form says them) and texts.
func TestMetamorphicSplitAppendix(t *testing.T) {
	type tally struct{ reports, ok int }
	tallies := map[string]*tally{}
	var names []string
	for _, rep := range metaReports(t) {
		base, err := SplitAppendix(rep.text)
		if err != nil {
			continue // no appendix
		}
		for _, set := range reviewSets(base) {
			revs := set.revs
			for _, f := range appendixForms {
				name := f.name + "/" + set.name
				if tallies[name] == nil {
					tallies[name] = &tally{}
					names = append(names, name)
				}
				tl := tallies[name]
				tl.reports++
				got, err := SplitAppendix([]byte(renderAppendix(string(rep.text), revs, f)))
				if why := splitDiff(revs, got, err, f.pass); why != "" {
					t.Errorf("%s: %s: %s", name, rep.name, why)
					continue
				}
				tl.ok++
			}
		}
	}
	for _, n := range names {
		t.Logf("%-40s split right %d/%d", n, tallies[n].ok, tallies[n].reports)
	}
}

// splitDiff says how a split differs from the reviews rendered, or "".
func splitDiff(want, got []AppendixReview, err error, pass bool) string {
	if err != nil {
		return err.Error()
	}
	if len(got) != len(want) {
		var agents []string
		for _, g := range got {
			agents = append(agents, fmt.Sprintf("%s/%d", g.Agent, g.Pass))
		}
		return fmt.Sprintf("%d reviews %v, rendered %d", len(got), agents, len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		switch {
		case g.Agent != w.Agent:
			return fmt.Sprintf("review %d: agent %q, rendered %q", i, g.Agent, w.Agent)
		case pass && g.Pass != w.Pass:
			return fmt.Sprintf("review %d (%s): pass %d, rendered %d", i, w.Agent, g.Pass, w.Pass)
		case g.Text != w.Text:
			return fmt.Sprintf("review %d (%s): text of %d bytes, rendered %d", i, w.Agent, len(g.Text), len(w.Text))
		}
	}
	return ""
}
