package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

const roundOneReview = `## Executive Summary
Adds Put.
## Findings
### Critical Issues
None.
### Important Issues
I1. **` + "`Put`" + ` writes to a nil map** — ` + "`kv.go:9-11`" + ` (important, regression)

The map is never made, so Put panics.

I2. **Nothing tests ` + "`Put`" + `** — ` + "`kv.go:9`" + ` (important, gap)

No test calls Put.
### Suggestions
S1. **` + "`Get`" + ` has no doc comment** — ` + "`kv.go:5`" + ` (suggestion, documentation)

Exported without a comment.
`

// laterReview is a round 2 or 3 review: its Previous Findings section,
// and S1 raised again.
func laterReview(previous string) string {
	return `## Executive Summary
Better.
` + previous + `
## Findings
### Critical Issues
None.
### Important Issues
None.
### Suggestions
S1. **` + "`Get`" + ` has no doc comment** — ` + "`kv.go:5`" + ` (suggestion, documentation)

Exported without a comment.
`
}

const silentReview = "## Executive Summary\nLooks fine.\n## Findings\n### Critical Issues\nNone.\n### Important Issues\nNone.\n### Suggestions\nNone.\n"

// Three rounds of one change, as an author lives them: round 1 finds I1,
// I2 and S1; the author fixes I1 and declines S1 with a reason; round 2's
// agents verify I1 fixed, nobody judges I2 (unverified, not fixed), and
// S1, raised again on unchanged code, is dropped as declined; round 3
// changes S1's line, and S1 raised again is kept, marked re-raised.
func TestReviewThreeRounds(t *testing.T) {
	r := newRVRepo(t)
	ctx := t.Context()
	cfg := r.config(map[string][]string{"alpha": agentScript(t, roundOneReview, "")})
	if code, _, errOut := r.run(ctx, "review", "--config", cfg); code != 0 {
		t.Fatalf("round 1: exit %d\n%s", code, errOut)
	}
	one := newest(t, r.home)
	if ids := findingIDs(one); ids != "I1 I2 S1" {
		t.Fatalf("round 1 findings %q, want I1 I2 S1", ids)
	}

	// The author fixes I1 and declines S1. The fix adds a line above Get:
	// S1's code moves down a line but does not change.
	r.write("kv.go", "package kv\n\n// store holds the values.\nvar store = map[string]string{}\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n")
	r.git("commit", "-qam", "kv: make the map")
	fix := strings.TrimSpace(r.git("rev-parse", "--short", "HEAD"))
	if code, _, errOut := r.run(ctx, "resolve", "--finding", "I1=fixed:"+fix, "--finding", "S1=skipped:documented in the README"); code != 0 {
		t.Fatalf("resolve: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := r.run(ctx, "resolve", "--finding", "S1=skipped"); code != 2 || !strings.Contains(errOut, "a skip needs a reason") {
		t.Errorf("a skip without a reason: exit %d\n%s", code, errOut)
	}
	code, md, errOut := r.run(ctx, "show", one.ID)
	if code != 0 || !strings.Contains(md, "## Resolution") || !strings.Contains(md, "| S1 | `Get` has no doc comment | Skipped |  | documented in the README |") {
		t.Errorf("show after resolve: exit %d, no Resolution table:\n%s\n%s", code, md, errOut)
	}

	verdicts := "## Previous Findings\n\n- I1: fixed — `store` is made at kv.go:3\n- S1: not fixed — still no comment\n"
	cfg2 := r.config(map[string][]string{"alpha": agentScript(t, laterReview(verdicts), ""), "beta": agentScript(t, silentReview, "")})
	if code, _, errOut := r.run(ctx, "review", "--config", cfg2); code != 0 {
		t.Fatalf("round 2: exit %d\n%s", code, errOut)
	}
	two := newest(t, r.home)
	if got, want := previousStatuses(two), "I1 fixed [alpha:fixed] fixed|I2 unverified [] -|S1 declined [alpha:not-fixed] skipped"; got != want {
		t.Errorf("round 2 previous:\n%s\nwant\n%s", got, want)
	}
	if ids := findingIDs(two); ids != "" {
		t.Errorf("round 2 findings %q, want none: S1 is declined and its code unchanged", ids)
	}
	if len(two.Declined) != 1 || two.Declined[0].Changed || two.Declined[0].Dropped != 1 || two.Declined[0].Round != 1 {
		t.Errorf("round 2 declined = %+v", two.Declined)
	}
	if !hasDrop(two, "declined in round 1: documented in the README; the cited code has not changed") {
		t.Errorf("round 2 dropped = %+v", two.Dropped)
	}
	_, md, _ = r.run(ctx, "show", two.ID)
	for _, w := range []string{"### Declined in prior rounds", "declined: documented in the README (the cited code has not changed; raised again by 1 agent finding(s), dropped)",
		"| I1 | `Put` writes to a nil map | fixed | fixed: Alpha | fixed (" + fix + ") | — |"} {
		if !strings.Contains(md, w) {
			t.Errorf("round 2 report lacks %q:\n%s", w, md)
		}
	}
	prompt := readPrompt(t, r, two.ID, "alpha")
	for _, w := range []string{"— author: fixed in " + fix, "## Declined in earlier rounds", "reason: documented in the README (its code has not changed since)"} {
		if !strings.Contains(prompt, w) {
			t.Errorf("round 2 prompt lacks %q", w)
		}
	}

	// Round 3: S1's line changes, and S1 comes back.
	r.write("kv.go", "package kv\n\n// store holds the values.\nvar store = map[string]string{}\n\nfunc Get(key string) string {\n\treturn store[key]\n}\n\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n")
	r.git("commit", "-qam", "kv: rename Get's parameter")
	cfg3 := r.config(map[string][]string{"alpha": agentScript(t, laterReview(""), "")})
	if code, _, errOut := r.run(ctx, "review", "--config", cfg3); code != 0 {
		t.Fatalf("round 3: exit %d\n%s", code, errOut)
	}
	three := newest(t, r.home)
	if three.Round != 3 || findingIDs(three) != "S1" {
		t.Fatalf("round 3: round %d findings %q, want round 3 with S1", three.Round, findingIDs(three))
	}
	if len(three.Declined) != 1 || !three.Declined[0].Changed || three.Declined[0].Reraised != "S1" {
		t.Errorf("round 3 declined = %+v, want S1 changed and re-raised", three.Declined)
	}
	if !strings.Contains(readPrompt(t, r, three.ID, "alpha"), "(its code CHANGED since)") {
		t.Error("round 3 prompt does not say S1's code changed")
	}
}

func findingIDs(rep *report.Report) string {
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.ID)
	}
	return strings.Join(ids, " ")
}

func previousStatuses(rep *report.Report) string {
	var out []string
	for _, p := range rep.Previous {
		var vs []string
		for _, v := range p.Verdicts {
			vs = append(vs, v.Agent+":"+v.Verdict)
		}
		res := "-"
		if p.Resolution != nil {
			res = p.Resolution.Action
		}
		out = append(out, fmt.Sprintf("%s %s %v %s", p.ID, p.Status, vs, res))
	}
	return strings.Join(out, "|")
}

func hasDrop(rep *report.Report, reason string) bool {
	for _, d := range rep.Dropped {
		if d.Reason == reason {
			return true
		}
	}
	return false
}

func readPrompt(t *testing.T, r *rvRepo, id, agent string) string {
	t.Helper()
	b, err := readFileIn(r.home, "reviews", id, "agents", agent, "prompt.md")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFileIn(parts ...string) (string, error) {
	b, err := os.ReadFile(filepath.Join(parts...))
	return string(b), err
}
