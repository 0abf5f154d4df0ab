package consolidate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

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

// fake is a consolidator that gives its answers in turn and counts calls.
type fake struct {
	answers []string
	prompts []string
	err     error
}

func (f *fake) Consolidate(ctx context.Context, prompt string, schema []byte) (string, transcript.Metrics, error) {
	f.prompts = append(f.prompts, prompt)
	a := f.answers[min(len(f.prompts), len(f.answers))-1]
	return a, transcript.Metrics{DurationMS: 1000, CostUSD: 0.5, Tokens: transcript.Tokens{Input: 10, Output: 5}}, f.err
}

// goodDecision is a valid decision for reviews(): it splits nothing,
// downgrades the race, drops gemini's I1 as a false positive.
func goodDecision() map[string]any {
	return map[string]any{
		"clusters": []any{
			map[string]any{"findings": []string{"gemini:C1", "claude:I1"}, "severity": "important", "severity_reason": "the window is narrow", "title": "Annotation removal race"},
			map[string]any{"findings": []string{"codex:I1"}, "severity": "important", "severity_reason": "", "title": ""},
			map[string]any{"findings": []string{"gemini:S1", "codex:S1"}, "severity": "suggestion", "severity_reason": "", "title": ""},
			map[string]any{"findings": []string{"claude:S1"}, "severity": "suggestion", "severity_reason": "", "title": ""},
		},
		"dropped":                  []any{map[string]any{"finding": "gemini:I1", "reason": "the container is checked first at line 38", "false_positive": true}},
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

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConsolidator(t *testing.T) {
	c := &fake{answers: []string{"Here is my decision:\n\n```json\n" + encode(t, goodDecision()) + "\n```\n"}}
	r := consolidate(t, Input{Reviews: reviews(), Consolidator: c, ConsolidatorName: "claude"})
	if len(c.prompts) != 1 || !strings.Contains(c.prompts[0], "`gemini:C1`") || !strings.Contains(c.prompts[0], "P1: `claude:I1`, `gemini:C1`") {
		t.Fatalf("prompt:\n%s", c.prompts[0])
	}
	if r.Consolidation.Method != "agent" || r.Consolidation.Agent != "claude" || r.Consolidation.DurationMS != 1000 || r.Consolidation.CostUSD != 0.5 {
		t.Errorf("consolidation %+v", r.Consolidation)
	}
	if r.Verdict.Decision != report.MergeWithFixes || r.Verdict.Reason != "the annotation race and the wedge need guards" {
		t.Errorf("verdict %+v", r.Verdict)
	}
	if f := r.Findings[0]; f.ID != "I1" || f.Title != "Annotation removal race" || f.Severity != finding.Important {
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

func TestConsolidatorRepair(t *testing.T) {
	forgetful := goodDecision()
	forgetful["clusters"] = forgetful["clusters"].([]any)[1:] // forgets gemini:C1 and claude:I1
	c := &fake{answers: []string{encode(t, forgetful), encode(t, goodDecision())}}
	r := consolidate(t, Input{Reviews: reviews(), Consolidator: c, ConsolidatorName: "codex"})
	if len(c.prompts) != 2 || !strings.Contains(c.prompts[1], "finding gemini:C1 (Race condition drops concurrent action annotations) is neither in a cluster nor dropped") {
		t.Fatalf("repair prompt missing the error:\n%s", c.prompts[len(c.prompts)-1])
	}
	if r.Consolidation.Method != "agent" || r.Consolidation.DurationMS != 2000 {
		t.Errorf("consolidation %+v", r.Consolidation)
	}
}

func TestConsolidatorFallback(t *testing.T) {
	forgetful := goodDecision()
	forgetful["clusters"] = forgetful["clusters"].([]any)[1:]
	joins := goodDecision()
	joins["clusters"].([]any)[1].(map[string]any)["findings"] = []string{"codex:I1", "claude:S1"}
	joins["clusters"] = slices.Delete(joins["clusters"].([]any), 3, 4)
	tests := []struct {
		name    string
		c       *fake
		because string
	}{
		{"garbage twice", &fake{answers: []string{"I could not decide.", "{\"clusters\": 3"}}, "no JSON document"},
		{"forgets a finding twice", &fake{answers: []string{encode(t, forgetful)}}, "is neither in a cluster nor dropped"},
		{"joins two proposed clusters", &fake{answers: []string{encode(t, joins)}}, "only confirming or splitting is allowed"},
		{"schema violation", &fake{answers: []string{`{"clusters": []}`}}, "does not match the schema"},
		{"runner error", &fake{answers: []string{""}, err: errors.New("exit status 1")}, "exit status 1"},
	}
	want := consolidate(t, Input{Reviews: reviews()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := consolidate(t, Input{Reviews: reviews(), Consolidator: tt.c, ConsolidatorName: "gemini"})
			if len(tt.c.prompts) != 2 {
				t.Errorf("%d attempts, want 2", len(tt.c.prompts))
			}
			m := r.Consolidation
			if m.Method != "deterministic" || m.Agent != "gemini" || !strings.Contains(m.Fallback, tt.because) || m.DurationMS != 2000 {
				t.Errorf("consolidation %+v", m)
			}
			if !strings.HasPrefix(r.Summary, "The consolidator agent's decision was rejected") {
				t.Errorf("summary does not say so: %q", r.Summary)
			}
			if !equalJSON(r.Findings, want.Findings) || !equalJSON(r.Retro, want.Retro) {
				t.Error("fallback differs from the deterministic consolidation")
			}
		})
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
		v := verdict(tt.fs, "")
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
