package consolidate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/transcript"
)

const raceBody = "`removeActionAnnotation` reads the latest object and sends a merge patch; `client.MergeFrom` carries no resourceVersion, so a concurrent action is lost.\n\n```go\npatch := client.MergeFrom(latest.DeepCopy())\ndelete(latest.Annotations, containersv1alpha1.AnnotationAction)\nreturn w.k8s.Patch(ctx, &latest, patch)\n```\n"

func loc(p string, a, b int) []finding.Location {
	return []finding.Location{{Path: p, StartLine: a, EndLine: b}}
}

// reviews are three small reviews: gemini and claude report the same race
// (critical and important), codex and gemini the same dead enum value, and
// each one more finding of its own.
func reviews() []Source {
	gemini := &finding.Review{Agent: "gemini", Findings: []finding.Finding{
		{ID: "C1", Severity: finding.Critical, Title: "Race condition drops concurrent action annotations", Body: raceBody, Locations: loc("watcher.go", 4, 6)},
		{ID: "I1", Severity: finding.Important, Title: "`unpause` on a stopped container records Succeeded", Body: "`isContainerPaused` returns false for a stopped container, so `unpause` succeeds silently.", Locations: loc("watcher.go", 40, 44)},
		{ID: "S1", Severity: finding.Suggestion, Title: "`InProgress` action state is defined but never used", Body: "Nothing sets `ContainerActionInProgress`; the `InProgress` value is dead.", Locations: loc("types.go", 3, 3)},
	}, DesignObservations: []finding.DesignObservation{{Kind: "strength", Text: "Crash-recovery ordering."}},
		Coverage: []finding.Coverage{{Path: "watcher.go", Status: "findings"}, {Path: "types.go", Status: "findings"}, {Path: "webhook.go", Status: "no-issues"}}}
	claude := &finding.Review{Agent: "claude", Findings: []finding.Finding{
		{ID: "I1", Severity: finding.Important, Title: "Annotation removal patch lacks optimistic concurrency", Body: raceBody, Locations: loc("watcher.go", 3, 8)},
		{ID: "S1", Severity: finding.Suggestion, Title: "Doc sentence lists restart as both idempotent and the exception", Body: "The sentence in the design doc contradicts itself about `restart`.", Locations: loc("docs/design.md", 2, 3)},
	}, DesignObservations: []finding.DesignObservation{{Kind: "strength", Text: "Crash-recovery ordering."}, {Kind: "concern", Scope: "future", Text: "O(N) reconcile."}},
		Coverage: []finding.Coverage{{Path: "watcher.go", Status: "findings"}, {Path: "docs/design.md", Status: "findings"}, {Path: "webhook.go", Status: "trivial"}, {Path: "other.go", Status: "no-issues"}}}
	codex := &finding.Review{Agent: "codex", Findings: []finding.Finding{
		{ID: "I1", Severity: finding.Important, Title: "Invalid action annotations wedge reconciliation", Body: "The webhook accepts any value of `containers.rancherdesktop.io/action`; `dispatchContainerAction` fails and retries forever.", Locations: []finding.Location{{Path: "webhook.go", StartLine: 1, EndLine: 3}, {Path: "watcher.go", StartLine: 20, EndLine: 30}}},
		{ID: "S1", Severity: finding.Suggestion, Title: "`InProgress` is part of the API but never emitted", Body: "`ContainerActionInProgress` is declared, but nothing sets `InProgress`.", Locations: loc("types.go", 1, 5)},
	}, Coverage: []finding.Coverage{{Path: "webhook.go", Status: "findings"}, {Path: "watcher.go", Status: "no-issues"}}}
	return []Source{
		{Name: "gemini", Model: "Gemini 3.1 Pro", Review: gemini, Raw: "gemini review", Metrics: &transcript.Metrics{DurationMS: 204000, ToolCalls: transcript.ToolCalls{Total: 3, ByTool: map[string]int{"read_file": 2, "run_shell_command": 1}}}},
		{Name: "claude", Review: claude, Raw: "claude review", Metrics: &transcript.Metrics{DurationMS: 844000, ToolCalls: transcript.ToolCalls{Total: 36, ByTool: map[string]int{"Read": 17, "Grep": 14, "Bash": 4, "Agent": 1}}}},
		{Name: "codex", Model: "Codex GPT 5.4", Review: codex, Raw: "codex review"},
		{Name: "broken", Err: "gemini failed at startup: quota exceeded"},
	}
}

func consolidate(t *testing.T, in Input) *report.Report {
	t.Helper()
	r, err := Consolidate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sources(f report.Finding) []string {
	var out []string
	for _, s := range f.Sources {
		out = append(out, s.Agent+":"+s.ID)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	r := consolidate(t, Input{Reviews: reviews()})
	want := []struct {
		id      string
		sources []string
	}{
		{"C1", []string{"claude:I1", "gemini:C1"}},
		{"I1", []string{"codex:I1"}},
		{"I2", []string{"gemini:I1"}},
		{"S1", []string{"codex:S1", "gemini:S1"}},
		{"S2", []string{"claude:S1"}},
	}
	if len(r.Findings) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(r.Findings), len(want), r.Findings)
	}
	for i, w := range want {
		f := r.Findings[i]
		if f.ID != w.id || !slices.Equal(sources(f), w.sources) {
			t.Errorf("finding %d = %s %v, want %s %v", i, f.ID, sources(f), w.id, w.sources)
		}
	}
	if r.Verdict.Decision != report.Rework {
		t.Errorf("verdict %q, want Rework", r.Verdict.Decision)
	}
	if r.Consolidation.Method != "deterministic" || len(r.Dropped) != 0 {
		t.Errorf("consolidation %+v, dropped %v", r.Consolidation, r.Dropped)
	}
	wantLine := "Claude I1 (Annotation removal patch lacks optimistic concurrency): important → critical C1, because Gemini rated the same defect critical (the highest severity any agent gave wins)"
	if !slices.Equal(r.Retro.Reconciliation, []string{wantLine}) {
		t.Errorf("reconciliation = %q", r.Retro.Reconciliation)
	}
}

func TestRetro(t *testing.T) {
	r := consolidate(t, Input{Reviews: reviews(), ChangedFiles: []string{"watcher.go", "types.go", "webhook.go", "docs/design.md"}})
	got := map[string]report.AgentRetro{}
	for _, a := range r.Retro.Agents {
		got[a.Name] = a
	}
	tests := []struct {
		name string
		want report.AgentRetro
	}{
		{"claude", report.AgentRetro{Model: "Claude", DurationMS: 844000, Findings: report.SeverityCounts{Critical: 1, Suggestion: 1},
			DesignObservations: 2, UniqueInsights: 1, FilesReviewed: 3, CoverageMisses: []string{"webhook.go"}, Upgraded: 1}},
		{"codex", report.AgentRetro{Model: "Codex GPT 5.4", Findings: report.SeverityCounts{Important: 1, Suggestion: 1},
			UniqueInsights: 1, FilesReviewed: 2, CoverageMisses: []string{"watcher.go"}}},
		{"gemini", report.AgentRetro{Model: "Gemini 3.1 Pro", DurationMS: 204000, Findings: report.SeverityCounts{Critical: 1, Important: 1, Suggestion: 1},
			DesignObservations: 1, UniqueInsights: 1, FilesReviewed: 3, CoverageMisses: []string{"webhook.go"}}},
		{"broken", report.AgentRetro{Model: "Broken", Error: "gemini failed at startup: quota exceeded", CoverageMisses: []string{}}},
	}
	for _, tt := range tests {
		a := got[tt.name]
		a.Narrative, a.ToolCalls = "", transcript.ToolCalls{}
		tt.want.Name = tt.name
		if !equalJSON(a, tt.want) {
			t.Errorf("%s retro:\n got %+v\nwant %+v", tt.name, a, tt.want)
		}
	}
	if tc := got["claude"].ToolCalls; tc.Total != 36 || tc.ByTool["Read"] != 17 {
		t.Errorf("claude tool calls %+v", tc)
	}
	// Without the change's file list every coverage entry counts.
	r = consolidate(t, Input{Reviews: reviews()})
	if n := r.Retro.Agents[0].FilesReviewed; r.Retro.Agents[0].Name != "broken" || n != 0 {
		t.Errorf("first agent %+v", r.Retro.Agents[0])
	}
	if a := r.Retro.Agents[1]; a.Name != "claude" || a.FilesReviewed != 4 {
		t.Errorf("claude files reviewed %d, want 4", a.FilesReviewed)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestStable(t *testing.T) {
	first, err := json.Marshal(consolidate(t, Input{Reviews: reviews()}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		in := reviews()
		if i%2 == 1 {
			slices.Reverse(in)
		}
		again, _ := json.Marshal(consolidate(t, Input{Reviews: in}))
		if !bytes.Equal(first, again) {
			t.Fatalf("run %d differs:\n%s\n%s", i, first, again)
		}
	}
}

func TestBadInput(t *testing.T) {
	in := reviews()
	in = append(in, in[0])
	if _, err := Consolidate(context.Background(), Input{Reviews: in}); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicate agent: err = %v", err)
	}
	if _, err := Consolidate(context.Background(), Input{Reviews: []Source{{Name: "a:b"}}}); err == nil {
		t.Error("agent name with ':' accepted")
	}
}

func TestDuplicateIDs(t *testing.T) {
	in := reviews()
	rv := in[2].Review
	rv.Findings = append(rv.Findings, rv.Findings[1])
	rv.Findings[2].Locations = loc("elsewhere.go", 1, 1)
	r := consolidate(t, Input{Reviews: in})
	n := 0
	for _, f := range r.Findings {
		n += len(f.Sources)
	}
	if n != 8 {
		t.Errorf("%d sources in the report, want 8", n)
	}
}

func TestCheckPlan(t *testing.T) {
	srcs, items, err := collect(reviews())
	if err != nil {
		t.Fatal(err)
	}
	base := func() *plan { return deterministic(srcs, items, proposal(items, finding.Files{})) }
	tests := []struct {
		name  string
		edit  func(p *plan)
		error string
	}{
		{"valid", func(p *plan) {}, ""},
		{"forgotten", func(p *plan) { p.groups = p.groups[1:] }, "is neither in a cluster nor dropped"},
		{"twice", func(p *plan) { p.drops = append(p.drops, drop{key: p.groups[0].members[0], reason: "dup"}) }, "is in cluster 1 and in dropped"},
		{"unknown", func(p *plan) { p.groups[0].members = append(p.groups[0].members, key{"claude", "I9"}) }, "unknown finding claude:I9"},
		{"same agent", func(p *plan) {
			p.groups[0].members = append(p.groups[0].members, p.groups[1].members...)
			p.groups = slices.Delete(p.groups, 1, 2)
		}, "two findings of the same agent"},
		{"drop without reason", func(p *plan) {
			p.drops = append(p.drops, drop{key: p.groups[0].members[0]})
			p.groups = p.groups[1:]
		}, "has no reason"},
		{"severity change without reason", func(p *plan) { p.groups[0].severity = finding.Suggestion }, "without a reason"},
		{"severity change with reason", func(p *plan) { p.groups[0].severity, p.groups[0].reason = finding.Suggestion, "narrow" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(p)
			err := checkPlan(items, p)
			switch {
			case tt.error == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.error != "" && (err == nil || !strings.Contains(err.Error(), tt.error)):
				t.Errorf("error %v, want one containing %q", err, tt.error)
			}
		})
	}
}

func TestCheckReport(t *testing.T) {
	_, items, _ := collect(reviews())
	r := consolidate(t, Input{Reviews: reviews()})
	if err := checkReport(items, r); err != nil {
		t.Fatal(err)
	}
	r.Findings[0].Sources = r.Findings[0].Sources[1:]
	r.Dropped = append(r.Dropped, report.Dropped{Agent: "nobody", ID: "X1"})
	err := checkReport(items, r)
	if err == nil || !strings.Contains(err.Error(), "appears 0 times") || !strings.Contains(err.Error(), "nobody:X1") {
		t.Errorf("err = %v", err)
	}
}

// fake is a consolidator that answers each call (by name, "-repair"
// stripped) with its answers in turn, and keeps the prompts.
type fake struct {
	mu      sync.Mutex
	answers map[string][]string
	prompts map[string][]string
	err     error
}

func (f *fake) Consolidate(ctx context.Context, call, prompt string, schema []byte) (string, transcript.Metrics, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.prompts == nil {
		f.prompts = map[string][]string{}
	}
	base := strings.TrimSuffix(call, "-repair")
	f.prompts[base] = append(f.prompts[base], prompt)
	as := f.answers[base]
	a := ""
	if len(as) > 0 {
		a = as[min(len(f.prompts[base]), len(as))-1]
	}
	return a, transcript.Metrics{DurationMS: 1000, CostUSD: 0.5, Tokens: transcript.Tokens{Input: 10, Output: 5}}, f.err
}

func (f *fake) calls() int {
	n := 0
	for _, p := range f.prompts {
		n += len(p)
	}
	return n
}

func decided(keyOf, severity string, extra map[string]any) map[string]any {
	d := map[string]any{"finding": keyOf, "keep": true, "severity": severity, "severity_reason": "", "title": "",
		"same_as": "", "drop_reason": "", "false_positive": false}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// goodAnswers are valid answers for reviews(): gemini's review arrives
// first, so the later agents name its findings as the same defect; the
// race is downgraded, gemini's I1 dropped as a false positive.
func goodAnswers(t testing.TB) map[string][]string {
	triage := func(ds ...map[string]any) []string {
		return []string{"Here are my decisions:\n\n```json\n" + encode(t, map[string]any{"findings": ds}) + "\n```\n"}
	}
	return map[string][]string{
		"triage-gemini": triage(
			decided("gemini:C1", "important", map[string]any{"severity_reason": "the window is narrow", "title": "Annotation removal race"}),
			decided("gemini:I1", "important", map[string]any{"keep": false, "drop_reason": "the container is checked first at line 38", "false_positive": true}),
			decided("gemini:S1", "suggestion", nil)),
		"triage-claude": triage(
			decided("claude:I1", "important", map[string]any{"same_as": "gemini:C1"}),
			decided("claude:S1", "suggestion", nil)),
		"triage-codex": triage(
			decided("codex:I1", "important", nil),
			decided("codex:S1", "suggestion", map[string]any{"same_as": "gemini:S1"})),
		"final": {encode(t, goodProse())},
	}
}

// goodProse is a valid answer of the final call for reviews().
func goodProse() map[string]any {
	return map[string]any{
		"verdict_reason":           "the annotation race and the wedge need guards",
		"summary":                  "A sound change with two important issues.",
		"design_observations":      []any{map[string]any{"kind": "strength", "scope": "", "text": "Crash-recovery ordering.", "agents": []string{"claude", "gemini"}}},
		"testing_assessment":       "1. No invalid annotation test.",
		"documentation_assessment": "Good.",
		"acknowledged_limitations": []string{"restart may run twice"},
		"retro": []any{
			map[string]any{"agent": "claude", "narrative": "Claude found the doc nit."},
			map[string]any{"agent": "codex", "narrative": "Codex found the wedge."},
			map[string]any{"agent": "gemini", "narrative": "Gemini found the race."},
		},
		"process_notes": map[string]any{"repo_context_updates": []string{}, "skill_improvements": []string{"quote before claiming"}},
	}
}

func encode(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // literals written in tests
	}
	return string(b)
}

func TestConsolidator(t *testing.T) {
	c := &fake{answers: goodAnswers(t)}
	r := consolidate(t, Input{Reviews: reviews(), Consolidator: c, ConsolidatorName: "claude"})
	if c.calls() != 4 {
		t.Fatalf("%d calls (%v), want a triage per agent with findings and the final one", c.calls(), c.prompts)
	}
	claude := c.prompts["triage-claude"][0]
	if !strings.Contains(claude, "### `claude:I1` important") || !strings.Contains(claude, "- `gemini:C1` critical: Race condition") {
		t.Errorf("claude's triage prompt lacks its finding or gemini's as a candidate:\n%s", claude)
	}
	if strings.Contains(c.prompts["triage-gemini"][0], "Candidates") {
		t.Error("gemini's review came first: it has no candidates")
	}
	if final := c.prompts["final"][0]; !strings.Contains(final, "Annotation removal race") || !strings.Contains(final, "dropped: `gemini:I1`") {
		t.Errorf("final prompt lacks the merged findings or the drop:\n%s", final)
	}
	if r.Consolidation.Method != "agent" || r.Consolidation.Agent != "claude" || r.Consolidation.DurationMS != 4000 || r.Consolidation.CostUSD != 2 {
		t.Errorf("consolidation %+v", r.Consolidation)
	}
	if r.Verdict.Decision != report.MergeWithFixes || r.Verdict.Reason != "the annotation race and the wedge need guards" {
		t.Errorf("verdict %+v", r.Verdict)
	}
	if f := r.Findings[0]; f.ID != "I1" || f.Title != "Annotation removal race" || f.Severity != finding.Important || len(f.Agents) != 2 {
		t.Errorf("first finding %+v", f)
	}
	if len(r.Dropped) != 1 || r.Dropped[0].ID != "I1" || r.Dropped[0].Agent != "gemini" {
		t.Errorf("dropped %+v", r.Dropped)
	}
	want := []string{
		"Gemini C1 (Race condition drops concurrent action annotations): critical → important I1, because the window is narrow",
		"Gemini I1 (`unpause` on a stopped container records Succeeded): dropped as a false positive, because the container is checked first at line 38",
	}
	if !slices.Equal(r.Retro.Reconciliation, want) {
		t.Errorf("reconciliation:\n%q\nwant\n%q", r.Retro.Reconciliation, want)
	}
	for _, a := range r.Retro.Agents {
		if a.Name == "gemini" && (a.FalsePositives != 1 || a.Dropped != 1 || a.Downgraded != 1 || a.Narrative != "Gemini found the race.") {
			t.Errorf("gemini retro %+v", a)
		}
	}
}

// TestConsolidatorRepair: a triage answer that forgets a finding is asked
// again for that finding alone.
func TestConsolidatorRepair(t *testing.T) {
	answers := goodAnswers(t)
	forgetful := encode(t, map[string]any{"findings": []any{
		decided("gemini:I1", "important", map[string]any{"keep": false, "drop_reason": "the container is checked first at line 38", "false_positive": true}),
		decided("gemini:S1", "suggestion", nil)}})
	answers["triage-gemini"] = []string{forgetful, encode(t, map[string]any{"findings": []any{
		decided("gemini:C1", "important", map[string]any{"severity_reason": "the window is narrow", "title": "Annotation removal race"})}})}
	var notes []string
	c := &fake{answers: answers}
	r := consolidate(t, Input{Reviews: reviews(), Consolidator: c, ConsolidatorName: "codex", Notify: func(s string) { notes = append(notes, s) }})
	p := c.prompts["triage-gemini"]
	if len(p) != 2 || !strings.Contains(p[1], "gemini:C1 has no decision") || strings.Contains(p[1], "### `gemini:S1`") {
		t.Fatalf("the repair must ask again for gemini:C1 alone:\n%s", p[len(p)-1])
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "asking again for 1 of them") {
		t.Errorf("notes %q", notes)
	}
	if r.Consolidation.Method != "agent" || r.Consolidation.DurationMS != 5000 || r.Findings[0].Title != "Annotation removal race" {
		t.Errorf("consolidation %+v, first finding %+v", r.Consolidation, r.Findings[0])
	}
}

func TestConsolidatorFallback(t *testing.T) {
	sameAgent := goodAnswers(t)
	sameAgent["triage-claude"] = []string{encode(t, map[string]any{"findings": []any{
		decided("claude:I1", "important", map[string]any{"same_as": "claude:S1"}), decided("claude:S1", "suggestion", nil)}})}
	noReason := goodAnswers(t)
	noReason["triage-codex"] = []string{encode(t, map[string]any{"findings": []any{
		decided("codex:I1", "important", map[string]any{"keep": false}), decided("codex:S1", "suggestion", nil)}})}
	garbage := goodAnswers(t)
	garbage["triage-codex"] = []string{"I could not decide.", `{"findings": 3`}
	schema := goodAnswers(t)
	schema["triage-claude"] = []string{`{"findings": [{"finding": "claude:I1"}]}`}
	tests := []struct {
		name    string
		c       *fake
		because string
	}{
		{"garbage twice", &fake{answers: garbage}, "no JSON document"},
		{"same_as a finding of its own agent", &fake{answers: sameAgent}, "is not a finding of another agent"},
		{"a drop without a reason", &fake{answers: noReason}, "dropped without a reason"},
		{"schema violation", &fake{answers: schema}, "does not match the schema"},
		{"runner error", &fake{answers: goodAnswers(t), err: errors.New("exit status 1")}, "exit status 1"},
	}
	want := consolidate(t, Input{Reviews: reviews()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := consolidate(t, Input{Reviews: reviews(), Consolidator: tt.c, ConsolidatorName: "gemini"})
			m := r.Consolidation
			if m.Method != "deterministic" || m.Agent != "gemini" || !strings.Contains(m.Fallback, tt.because) {
				t.Errorf("consolidation %+v", m)
			}
			if !strings.HasPrefix(r.Summary, "The consolidator agent's decisions were rejected") {
				t.Errorf("summary does not say so: %q", r.Summary)
			}
			if !equalJSON(r.Findings, want.Findings) || !equalJSON(r.Retro, want.Retro) {
				t.Error("fallback differs from the deterministic consolidation")
			}
		})
	}
}

// TestConsolidatorProseFallback: the findings stand as decided when only
// the final call fails; the prose is written by code, and the report says so.
func TestConsolidatorProseFallback(t *testing.T) {
	answers := goodAnswers(t)
	answers["final"] = []string{"no JSON here", `{"summary": ""}`}
	c := &fake{answers: answers}
	r := consolidate(t, Input{Reviews: reviews(), Consolidator: c, ConsolidatorName: "claude"})
	if len(c.prompts["final"]) != 2 {
		t.Errorf("%d final calls, want 2", len(c.prompts["final"]))
	}
	if m := r.Consolidation; m.Method != "agent" || !strings.Contains(m.Fallback, "the prose is by code") {
		t.Errorf("consolidation %+v", m)
	}
	if r.Findings[0].Title != "Annotation removal race" || len(r.Dropped) != 1 {
		t.Errorf("the decisions were lost: %+v %+v", r.Findings[0], r.Dropped)
	}
}

// TestConsolidatorBudget: a review with more findings than one prompt may
// hold is decided in several calls, each within the budget, and the final
// prompt stays within it too.
func TestConsolidatorBudget(t *testing.T) {
	var fs []finding.Finding
	for i := range 300 {
		fs = append(fs, finding.Finding{ID: fmt.Sprintf("S%d", i+1), Severity: finding.Suggestion, Title: fmt.Sprintf("nit %d", i),
			Body: strings.Repeat("words ", 300), Locations: loc(fmt.Sprintf("f%d.go", i), 1, 2)})
	}
	src := Source{Name: "big", Review: &finding.Review{Agent: "big", Findings: fs}, Raw: "big"}
	c := &budgetFake{budget: 64 << 10}
	r, err := Consolidate(context.Background(), Input{Reviews: []Source{src}, Consolidator: c, ConsolidatorName: "judge", Budget: c.budget})
	if err != nil {
		t.Fatal(err)
	}
	if c.over != "" {
		t.Errorf("a prompt over the budget: %s", c.over)
	}
	if c.triage < 2 || r.Consolidation.Method != "agent" || len(r.Findings) != 300 {
		t.Errorf("%d triage calls, consolidation %+v, %d findings", c.triage, r.Consolidation, len(r.Findings))
	}
}

// budgetFake keeps every finding it is asked about and checks prompt
// sizes; asked records how many findings each triage call decided.
type budgetFake struct {
	mu     sync.Mutex
	budget int
	triage int
	over   string
	asked  map[string]int
	agents []string // the reviews the final answer's retro names; "big" when none
}

func (f *budgetFake) Consolidate(ctx context.Context, call, prompt string, schema []byte) (string, transcript.Metrics, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(prompt) > f.budget {
		f.over = fmt.Sprintf("%s: %d bytes", call, len(prompt))
	}
	if call == "final" {
		p := goodProse()
		agents := f.agents
		if agents == nil {
			agents = []string{"big"}
		}
		var retro []any
		for _, a := range agents {
			retro = append(retro, map[string]any{"agent": a, "narrative": "Many nits."})
		}
		p["retro"] = retro
		p["design_observations"] = []any{} // goodProse's name reviews() agents
		b, _ := json.Marshal(p)
		return string(b), transcript.Metrics{}, nil
	}
	f.triage++
	var ds []any
	for _, line := range strings.Split(prompt, "\n") {
		if k, ok := strings.CutPrefix(line, "### `"); ok {
			k, _, _ = strings.Cut(k, "`")
			ds = append(ds, decided(k, "suggestion", nil))
		}
	}
	if f.asked == nil {
		f.asked = map[string]int{}
	}
	f.asked[call] += len(ds)
	b, _ := json.Marshal(map[string]any{"findings": ds})
	return string(b), transcript.Metrics{}, nil
}

// TestLastReviewSpread: the findings of the review that arrives last are
// decided in up to maxCalls calls at once (they are what the report
// waits for); an earlier review's, perCall to a call.
func TestLastReviewSpread(t *testing.T) {
	nits := func(agent string, n int) Source {
		var fs []finding.Finding
		for i := range n {
			fs = append(fs, finding.Finding{ID: fmt.Sprintf("S%d", i+1), Severity: finding.Suggestion,
				Title: fmt.Sprintf("%s nit %d", agent, i), Locations: loc(fmt.Sprintf("%s%d.go", agent, i), 1, 2)})
		}
		return Source{Name: agent, Review: &finding.Review{Agent: agent, Findings: fs}, Raw: agent}
	}
	c := &budgetFake{budget: 1 << 20, agents: []string{"early", "late"}}
	r, err := Consolidate(context.Background(), Input{Reviews: []Source{nits("early", 6), nits("late", 6)}, Consolidator: c, ConsolidatorName: "judge"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"triage-early-1": 3, "triage-early-2": 3, "triage-late-1": 2, "triage-late-2": 1, "triage-late-3": 2, "triage-late-4": 1}
	if !maps.Equal(c.asked, want) || r.Consolidation.Method != "agent" || r.Consolidation.Fallback != "" || len(r.Findings) != 12 {
		t.Errorf("findings per call %v, want %v; consolidation %+v, %d findings", c.asked, want, r.Consolidation, len(r.Findings))
	}
	if got := spread([][]item{{{}}, {{}}}, maxCalls); len(got) != 2 {
		t.Errorf("spread split single findings: %d batches", len(got))
	}
}

func TestVerdict(t *testing.T) {
	f := func(sev finding.Severity, id string) report.Finding {
		return report.Finding{ID: id, Severity: sev, Title: "t " + id}
	}
	tests := []struct {
		fs       []report.Finding
		decision string
		reason   string
	}{
		{nil, report.MergeAsIs, "no agent found an issue that survived consolidation"},
		{[]report.Finding{f(finding.Suggestion, "S1")}, report.MergeWithOptionalFixes, "only 1 suggestion, which are optional"},
		{[]report.Finding{f(finding.Important, "I1"), f(finding.Suggestion, "S1")}, report.MergeWithFixes, "1 important finding (I1 t I1) should be fixed before merging"},
		{[]report.Finding{f(finding.Critical, "C1"), f(finding.Critical, "C2"), f(finding.Critical, "C3")}, report.Rework, "3 critical findings (C1 t C1, C2 t C2, …) must be fixed before merging"},
	}
	for _, tt := range tests {
		v := Verdict(tt.fs, "")
		if v.Decision != tt.decision || v.Reason != tt.reason {
			t.Errorf("verdict(%v) = %+v, want %s — %s", tt.fs, v, tt.decision, tt.reason)
		}
	}
}

// TestFixFromAnotherAgent keeps a merged finding actionable: the primary
// (highest severity) only describes the race; claude's fix comes along.
func TestFixFromAnotherAgent(t *testing.T) {
	srcs := reviews()
	srcs[1].Review.Findings[0].Fix = "Fix: use `Update` so the API server checks the resourceVersion."
	r := consolidate(t, Input{Reviews: srcs})
	var race *report.Finding
	for i := range r.Findings {
		if slices.Contains(sources(r.Findings[i]), "gemini:C1") {
			race = &r.Findings[i]
		}
	}
	if race == nil || !slices.Contains(sources(*race), "claude:I1") {
		t.Fatalf("the race is not merged: %+v", r.Findings)
	}
	if race.Title != "Race condition drops concurrent action annotations" || !strings.Contains(race.Fix, "use `Update`") {
		t.Errorf("title %q fix %q: want gemini's title and claude's fix", race.Title, race.Fix)
	}
}

// TestAgentSections: each agent's Commit Structure and Unresolved Feedback
// reach the report, attributed, in the order of the reviews.
func TestAgentSections(t *testing.T) {
	srcs := reviews()
	srcs[1].Review.Other = []finding.Section{{Title: "Commit Structure", Text: "Clean."}, {Title: "unresolved feedback", Text: "- @eamanu on a.go: addressed — fixed in b1"}}
	srcs[0].Review.Other = []finding.Section{{Title: "Commit Structure", Text: "Fold 3f2a into 1b2c."}}
	r := consolidate(t, Input{Reviews: srcs})
	want := []report.AgentText{{Agent: "claude", Text: "Clean."}, {Agent: "gemini", Text: "Fold 3f2a into 1b2c."}}
	if !equalJSON(r.CommitStructure, want) {
		t.Errorf("commit structure %+v, want %+v", r.CommitStructure, want)
	}
	if f := r.UnresolvedFeedback; f == nil || len(f.Agents) != 1 || f.Agents[0].Agent != "claude" {
		t.Errorf("unresolved feedback %+v", f)
	}
}

// peakFake decides every finding it is asked about, slowly, and keeps
// the most calls it saw running at once.
type peakFake struct {
	budgetFake
	mu2           sync.Mutex
	running, peak int
}

func (f *peakFake) Consolidate(ctx context.Context, call, prompt string, schema []byte) (string, transcript.Metrics, error) {
	f.mu2.Lock()
	f.running++
	f.peak = max(f.peak, f.running)
	f.mu2.Unlock()
	time.Sleep(20 * time.Millisecond)
	f.mu2.Lock()
	f.running--
	f.mu2.Unlock()
	return f.budgetFake.Consolidate(ctx, call, prompt, schema)
}

// TestConsolidatorCallsBounded: however many reviews arrive at once, at
// most maxRunning consolidator calls run at the same time.
func TestConsolidatorCallsBounded(t *testing.T) {
	var srcs []Source
	var names []string
	for a := range 5 {
		name := fmt.Sprintf("agent%d", a)
		var fs []finding.Finding
		for i := range 16 {
			fs = append(fs, finding.Finding{ID: fmt.Sprintf("S%d", i+1), Severity: finding.Suggestion,
				Title: fmt.Sprintf("%s nit %d", name, i), Locations: loc(fmt.Sprintf("%s%d.go", name, i), 1, 2)})
		}
		srcs = append(srcs, Source{Name: name, Review: &finding.Review{Agent: name, Findings: fs}, Raw: name})
		names = append(names, name)
	}
	c := &peakFake{budgetFake: budgetFake{budget: 1 << 20, agents: names}}
	r, err := Consolidate(context.Background(), Input{Reviews: srcs, Consolidator: c, ConsolidatorName: "judge"})
	if err != nil {
		t.Fatal(err)
	}
	if c.triage <= maxRunning {
		t.Fatalf("%d triage calls: too few to show a bound of %d", c.triage, maxRunning)
	}
	if c.peak > maxRunning || r.Consolidation.Fallback != "" {
		t.Errorf("%d calls ran at once (bound %d); consolidation %+v", c.peak, maxRunning, r.Consolidation)
	}
}

// promptFake is budgetFake keeping each call's prompt.
type promptFake struct {
	budgetFake
	mu2     sync.Mutex
	prompts map[string]string
}

func (f *promptFake) Consolidate(ctx context.Context, call, prompt string, schema []byte) (string, transcript.Metrics, error) {
	f.mu2.Lock()
	if f.prompts == nil {
		f.prompts = map[string]string{}
	}
	f.prompts[call] = prompt
	f.mu2.Unlock()
	return f.budgetFake.Consolidate(ctx, call, prompt, schema)
}

// TestTriageCandidatesElsewhere: a later agent's finding is shown the
// earlier agents' findings in its own files and, when clustering pairs
// them, the same defect cited in another file (at the definition, not the
// use); an unrelated finding elsewhere is not shown.
func TestTriageCandidatesElsewhere(t *testing.T) {
	body := "The retry budget `maxRetries` is never reset after a successful call, so after a few transient failures every later call fails at once."
	early := &finding.Review{Agent: "early", Findings: []finding.Finding{
		{ID: "I1", Severity: finding.Important, Title: "`maxRetries` budget never reset after success", Body: body, Locations: loc("retry/budget.go", 10, 12)},
		{ID: "S1", Severity: finding.Suggestion, Title: "Typo in the package comment", Body: "\"recieve\" should be \"receive\".", Locations: loc("doc.go", 1, 1)},
	}}
	late := &finding.Review{Agent: "late", Findings: []finding.Finding{
		{ID: "I1", Severity: finding.Important, Title: "Retry budget `maxRetries` is never reset after a success", Body: body, Locations: loc("client/call.go", 80, 95)},
	}}
	c := &promptFake{budgetFake: budgetFake{budget: 1 << 20, agents: []string{"early", "late"}}}
	_, err := Consolidate(context.Background(), Input{Reviews: []Source{{Name: "early", Review: early, Raw: "e"}, {Name: "late", Review: late, Raw: "l"}},
		Consolidator: c, ConsolidatorName: "judge"})
	if err != nil {
		t.Fatal(err)
	}
	p := c.prompts["triage-late"]
	if !strings.Contains(p, "`early:I1`") || strings.Contains(p, "`early:S1`") {
		t.Errorf("late's triage prompt should offer early:I1 (another file, the same defect) and not early:S1:\n%s", p)
	}
	// By file alone, late's finding would have no candidate.
	_, items, err := collect([]Source{{Name: "early", Review: early}, {Name: "late", Review: late}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sameFile(items[2], items[:2], finding.Files{}); len(got) != 0 {
		t.Errorf("same-file candidates %v: the test shows nothing", got)
	}
}
