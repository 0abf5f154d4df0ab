package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/sandbox"
)

// These tests run `deepreview review` in-process on real temporary git
// repositories, with command agents that print canned reviews.

// rvRepo is a user's repository: main with kv.go, and the branch feature
// adding Put, checked out.
type rvRepo struct {
	t    *testing.T
	dir  string
	home string // DEEPREVIEW_HOME
	env  map[string]string
}

func newRVRepo(t *testing.T) *rvRepo {
	t.Helper()
	r := &rvRepo{t: t, dir: filepath.Join(t.TempDir(), "kv"), home: t.TempDir()}
	r.env = map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": t.TempDir(), "DEEPREVIEW_HOME": r.home,
		"XDG_CONFIG_HOME": t.TempDir(), "GH_TOKEN": "secret-token-never-for-agents",
	}
	r.git("init", "-q", "-b", "main", r.dir)
	r.write("kv.go", "package kv\n\nvar store map[string]string\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n")
	r.git("add", ".")
	r.git("commit", "-qm", "kv: Get")
	r.git("checkout", "-qb", "feature")
	r.write("kv.go", "package kv\n\nvar store map[string]string\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n")
	r.git("commit", "-qam", "kv: add Put")
	return r
}

func (r *rvRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = filepath.Dir(r.dir)
	if _, err := os.Stat(r.dir); err == nil {
		cmd.Dir = r.dir
	}
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r *rvRepo) write(name, text string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// state is what must not change in the user's repository.
func (r *rvRepo) state() string {
	return r.git("status", "--porcelain", "--branch") + r.git("worktree", "list", "--porcelain") +
		r.git("for-each-ref", "refs/heads", "refs/tags", "refs/remotes") + r.git("stash", "list")
}

// agentScript is a command agent's argv: it reads the prompt, runs the
// shell snippet pre, then prints the review. The review is in the script
// itself: agents are confined, and a file of the test's would be outside
// what they may read.
func agentScript(t *testing.T, review, pre string) []string {
	t.Helper()
	if strings.Contains(review, "\nEND_OF_REVIEW\n") {
		t.Fatal("the review holds the here-document's delimiter")
	}
	return []string{"sh", "-c", "cat > /dev/null; " + pre + " cat <<'END_OF_REVIEW'\n" + review + "\nEND_OF_REVIEW\n"}
}

// config writes a configuration with one command agent per argv.
func (r *rvRepo) config(agents map[string][]string) string {
	r.t.Helper()
	var b strings.Builder
	names := slices.Sorted(maps.Keys(agents))
	fmt.Fprintf(&b, "default_agents = %s\nconsolidator = \"none\"\n", tomlList(names))
	for _, n := range names {
		fmt.Fprintf(&b, "[agents.%s]\nkind = \"command\"\ncommand = %s\ntimeout = \"60s\"\n", n, tomlList(agents[n]))
	}
	f := filepath.Join(r.t.TempDir(), "config.toml")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return f
}

func tomlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		b, _ := json.Marshal(s)
		q[i] = string(b)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (r *rvRepo) run(ctx context.Context, args ...string) (int, string, string) {
	r.t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return r.env[k] },
		Environ: func() []string { return envList(r.env) },
		Now:     time.Now, Dir: r.dir,
	}
	code := Main(ctx, args, env)
	return code, out.String(), errb.String()
}

func envList(m map[string]string) []string {
	var l []string
	for k, v := range m {
		l = append(l, k+"="+v)
	}
	slices.Sort(l)
	return l
}

// stored reads the report.json of the only (or the newest) review.
func (r *rvRepo) stored() (*report.Report, string) {
	r.t.Helper()
	dirs, err := filepath.Glob(filepath.Join(r.home, "reviews", "*"))
	if err != nil || len(dirs) == 0 {
		r.t.Fatalf("no review stored in %s (%v)", r.home, err)
	}
	slices.Sort(dirs)
	dir := dirs[len(dirs)-1]
	f, err := os.Open(filepath.Join(dir, "report.json"))
	if err != nil {
		r.t.Fatal(err)
	}
	defer f.Close()
	rep, err := report.ReadJSON(f)
	if err != nil {
		r.t.Fatalf("%s: %v", dir, err)
	}
	return rep, dir
}

const reviewAlpha = `## Executive Summary
Adds Put.
## Findings
### Critical Issues
None.
### Important Issues
I1. **` + "`Put`" + ` writes to a nil map** — ` + "`kv.go:9-11`" + ` (important, regression)

` + "```go\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n```" + `

The map is never made, so Put panics.

Fix: make the map in Put.
### Suggestions
None.
## Coverage Summary
| File | Status |
|---|---|
| ` + "`kv.go`" + ` | I1 |
`

const reviewBeta = `## Executive Summary
Put added.
## Findings
### Critical Issues
C1. **Nil map write in ` + "`Put`" + ` panics** — ` + "`kv.go:10`" + ` (critical, regression)

` + "`store[k] = v`" + ` panics: ` + "`store`" + ` is nil.
### Important Issues
None.
### Suggestions
S1. **` + "`Get`" + ` has no doc comment** — ` + "`kv.go:5`" + ` (suggestion, documentation)

Exported without a comment.
## Coverage Summary
- ` + "`kv.go`" + ` — C1, S1
`

func TestReviewLocal(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, "env > env.seen;"),
		"beta":  agentScript(t, reviewBeta, ""),
	})
	before := r.state()
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if after := r.state(); after != before {
		t.Errorf("the user's repository changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	rep, dir := r.stored()
	if !strings.HasPrefix(out, "# Deep Review: "+rep.ID+"\n") {
		t.Errorf("stdout does not start with the report of %s:\n%.200s", rep.ID, out)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if string(md) != out {
		t.Error("stdout differs from the stored report.md")
	}
	if rep.Round != 1 || rep.Change.Branch != "feature" || rep.Change.PR != 0 || len(rep.Change.Commits) != 1 {
		t.Errorf("round %d change %+v", rep.Round, rep.Change)
	}
	if rep.Verdict.Decision != report.Rework {
		t.Errorf("verdict %q, want Rework (a critical finding)", rep.Verdict.Decision)
	}
	ids := []string{}
	for _, f := range rep.Findings {
		ids = append(ids, f.ID+":"+strings.Join(f.Agents, "+"))
	}
	if want := []string{"C1:alpha+beta", "S1:beta"}; !slices.Equal(ids, want) {
		t.Errorf("findings %v, want %v", ids, want)
	}
	if rep.Findings[0].LocationCheck.Status != "verified" {
		t.Errorf("C1 location check %+v, want verified against the worktree", rep.Findings[0].LocationCheck)
	}
	for _, a := range []string{"alpha", "beta"} {
		for _, f := range []string{"prompt.md", "transcript.jsonl", "stderr.txt", "review.md", "metrics.json"} {
			if _, err := os.Stat(filepath.Join(dir, "agents", a, f)); err != nil {
				t.Errorf("agent %s: %v", a, err)
			}
		}
	}
	prompt, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "prompt.md"))
	if !bytes.Contains(prompt, []byte("kv: add Put")) || !bytes.Contains(prompt, []byte("`kv.go`")) {
		t.Errorf("the prompt lacks the commit or the changed file:\n%.600s", prompt)
	}
}

// TestReviewAgentConfined checks what a command agent sees and can do:
// the shared snapshot at the head commit, no forge token, nothing of the
// user's home, no write to the tree or to the user's repository. With
// --sandbox=off the same agent reads the canary and writes both, which
// shows the attacks the sandbox stops. The agent reports through its
// stderr, which the store keeps: a file of the test's would be outside
// what a confined agent may write.
func TestReviewAgentConfined(t *testing.T) {
	if st := sandbox.Probe(); !st.Available() {
		t.Skipf("no sandbox on this machine (%s): only --sandbox=off could be tested", st)
	}
	for _, mode := range []string{"auto", "off"} {
		t.Run(mode, func(t *testing.T) {
			r := newRVRepo(t)
			canary := filepath.Join(r.env["HOME"], ".ssh", "id_rsa")
			os.MkdirAll(filepath.Dir(canary), 0o700)
			os.WriteFile(canary, []byte("CANARY-PRIVATE-KEY\n"), 0o600)
			hook := filepath.Join(r.dir, ".git", "hooks", "post-checkout")
			cfg := r.config(map[string][]string{
				"alpha": agentScript(t, reviewAlpha, "echo PWD=$(pwd) >&2; echo HEAD=$(git rev-parse HEAD) >&2; env >&2; "+
					"cat "+canary+" >&2; echo x >> kv.go 2>/dev/null && echo WROTE-TREE >&2; "+
					"touch "+hook+" 2>/dev/null && echo WROTE-HOOK >&2;"),
			})
			code, _, errOut := r.run(t.Context(), "review", "--config", cfg, "--sandbox", mode)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			_, dir := r.stored()
			seen, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "stderr.txt"))
			free := mode == "off"
			for what, got := range map[string]bool{
				"read the canary":      bytes.Contains(seen, []byte("CANARY-PRIVATE-KEY")),
				"wrote the tree":       bytes.Contains(seen, []byte("WROTE-TREE")),
				"wrote the user's git": bytes.Contains(seen, []byte("WROTE-HOOK")),
			} {
				if got != free {
					t.Errorf("agent %s: %v, want %v\n%s", what, got, free, seen)
				}
			}
			metrics, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "metrics.json"))
			if got := bytes.Contains(metrics, []byte(`"worktree_changes": " M kv.go`)); got != free {
				t.Errorf("tree change recorded: %v, want %v\n%s", got, free, metrics)
			}
			if got := strings.Contains(errOut, "the reviewed tree changed"); got != free {
				t.Errorf("stderr names the change: %v, want %v\n%s", got, free, errOut)
			}
			if bytes.Contains(seen, []byte("secret-token-never-for-agents")) {
				t.Error("the agent got GH_TOKEN")
			}
			pwd := between(string(seen), "PWD=", "\n")
			if pwd == "" || strings.HasPrefix(pwd, r.dir) {
				t.Errorf("the agent ran in %q, not in a snapshot", pwd)
			}
			if _, err := os.Stat(pwd); err == nil {
				t.Errorf("the snapshot %s is still there", pwd)
			}
			if head, want := between(string(seen), "HEAD=", "\n"), strings.TrimSpace(r.git("rev-parse", "feature")); head != want {
				t.Errorf("agent at %q, want head %q", head, want)
			}
		})
	}
}

// between is the text of s after the first from and before the next to.
func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, to)
	return v
}

func TestReviewRounds(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, ""), "beta": agentScript(t, reviewBeta, "")})
	if code, _, errOut := r.run(t.Context(), "review", "--config", cfg); code != 0 {
		t.Fatalf("round 1: exit %d\n%s", code, errOut)
	}
	// The author fixes the nil map; round 2's agents see it fixed, keep
	// the doc comment suggestion and find something new.
	r.write("kv.go", "package kv\n\nvar store = map[string]string{}\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n")
	r.git("commit", "-qam", "kv: make the map")
	round2 := `## Executive Summary
Fixed.
## Findings
### Critical Issues
None.
### Important Issues
I1. **` + "`Put`" + ` is not safe for concurrent use** — ` + "`kv.go:10`" + ` (important, gap)

No lock around the map.
### Suggestions
S1. **` + "`Get`" + ` has no doc comment** — ` + "`kv.go:5`" + ` (suggestion, documentation)

Exported without a comment.
`
	cfg2 := r.config(map[string][]string{"beta": agentScript(t, round2, "")})
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg2, "--format", "json")
	if code != 0 {
		t.Fatalf("round 2: exit %d\n%s", code, errOut)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("stdout is not a report: %v", err)
	}
	if rep.Round != 2 {
		t.Errorf("round %d, want 2", rep.Round)
	}
	prev := map[string]string{}
	for _, p := range rep.Previous {
		prev[p.ID] = p.Status + ">" + p.NowID
	}
	// No agent judged C1 in a Previous Findings section: not re-reported
	// is not fixed.
	if want := map[string]string{"C1": "unverified>", "S1": "open>S1"}; fmt.Sprint(prev) != fmt.Sprint(want) {
		t.Errorf("previous findings %v, want %v", prev, want)
	}
	status := map[string]string{}
	for _, f := range rep.Findings {
		status[f.ID] = f.Status
	}
	if want := map[string]string{"I1": "new", "S1": "open"}; fmt.Sprint(status) != fmt.Sprint(want) {
		t.Errorf("statuses %v, want %v", status, want)
	}
	prompt, _ := os.ReadFile(filepath.Join(r.home, "reviews", rep.ID, "agents", "beta", "prompt.md"))
	if !bytes.Contains(prompt, []byte("Nil map write")) {
		t.Error("round 2's prompt does not list round 1's findings")
	}
}

func TestReviewAgentFails(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, ""),
		"crash": {"sh", "-c", "cat > /dev/null; echo 'model overloaded' >&2; echo partial; exit 3"},
	})
	before := r.state()
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if r.state() != before {
		t.Error("the user's repository changed")
	}
	rep, dir := r.stored()
	var crash *report.AgentRetro
	for i := range rep.Retro.Agents {
		if rep.Retro.Agents[i].Name == "crash" {
			crash = &rep.Retro.Agents[i]
		}
	}
	if crash == nil || !strings.Contains(crash.Error, "exit status 3") {
		t.Fatalf("the retro does not record the crash: %+v", rep.Retro.Agents)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Agents[0] != "alpha" {
		t.Errorf("alpha's finding is not in the report: %+v", rep.Findings)
	}
	stderr, _ := os.ReadFile(filepath.Join(dir, "agents", "crash", "stderr.txt"))
	transcript, _ := os.ReadFile(filepath.Join(dir, "agents", "crash", "transcript.jsonl"))
	if string(stderr) != "model overloaded\n" || string(transcript) != "partial\n" {
		t.Errorf("the failed agent's files: stderr %q transcript %q", stderr, transcript)
	}
	if !strings.Contains(out, "exit status 3") {
		t.Error("the Markdown report does not show the failure")
	}
}

func TestReviewAllAgentsFail(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{"crash": {"sh", "-c", "cat > /dev/null; echo boom >&2; exit 2"}})
	before := r.state()
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 1 || out != "" || !strings.Contains(errOut, "every agent failed") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 1, nothing, every agent failed", code, out, errOut)
	}
	if r.state() != before {
		t.Error("the user's repository changed")
	}
	dirs, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "crash", "stderr.txt"))
	if len(dirs) != 1 {
		t.Error("the failed agent's stderr was not kept")
	}
}

func TestReviewInterrupted(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, ""),
		"slow":  agentScript(t, reviewBeta, "echo started >&2; sleep 37.25;"),
	})
	started := func() bool {
		files, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "slow", "stderr.txt"))
		for _, f := range files {
			if b, _ := os.ReadFile(f); bytes.Contains(b, []byte("started")) {
				return true
			}
		}
		return false
	}
	before := r.state()
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for ctx.Err() == nil {
			done, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "alpha", "review.md"))
			if started() && len(done) > 0 {
				cancel() // Ctrl-C, once alpha is done and slow runs
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, out, errOut := r.run(ctx, "review", "--config", cfg)
	cancel()
	if code != 1 || out != "" || !strings.Contains(errOut, "interrupted") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 1, nothing, interrupted", code, out, errOut)
	}
	if r.state() != before {
		t.Errorf("the user's repository changed (worktrees left?):\n%s", r.git("worktree", "list"))
	}
	if left := processesWith("37.25"); len(left) > 0 {
		t.Errorf("agent processes left: %v", left)
	}
	kept, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "*", "prompt.md"))
	metrics, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "*", "metrics.json"))
	review, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "agents", "alpha", "review.md"))
	if len(kept) != 2 || len(metrics) != 2 || len(review) != 1 {
		t.Errorf("agents' files kept: %v %v %v", kept, metrics, review)
	}
}

// processesWith lists live processes whose command line contains s.
func processesWith(s string) []string {
	var found []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(s)) {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "stat"))
		if fields := strings.Fields(string(stat)); len(fields) > 2 && fields[2] == "Z" {
			continue // a zombie is dead; reaping is its parent's business
		}
		found = append(found, strings.ReplaceAll(string(b), "\x00", " "))
	}
	return found
}

func TestReviewNoAgents(t *testing.T) {
	r := newRVRepo(t)
	r.env["PATH"] = t.TempDir() // no claude, codex or gemini
	code, _, errOut := r.run(t.Context(), "review")
	if code != 1 || !strings.Contains(errOut, "looked for claude, codex and gemini") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestReviewUsage(t *testing.T) {
	r := newRVRepo(t)
	for _, args := range [][]string{
		{"review", "--format", "xml"},
		{"review", "a", "b"},
		{"review", "not a target"},
		{"review", "--post"},
	} {
		if code, _, errOut := r.run(t.Context(), args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

// TestReviewConsolidatorGarbage runs a consolidator agent that answers
// garbage twice: deepreview repairs once, then consolidates by code and
// says so, keeping both attempts' files.
func TestReviewConsolidatorGarbage(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, ""),
		"beta":  agentScript(t, reviewBeta, ""),
		"judge": {"sh", "-c", "cat > /dev/null; echo 'I think it is fine {not json'"},
	})
	text, _ := os.ReadFile(cfg)
	text = bytes.Replace(text, []byte(`default_agents = ["alpha", "beta", "judge"]`), []byte(`default_agents = ["alpha", "beta"]`), 1)
	os.WriteFile(cfg, text, 0o644)
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg, "--consolidator", "judge", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Consolidation; c.Method != "deterministic" || c.Fallback == "" || c.Agent == "" {
		t.Errorf("consolidation %+v, want a deterministic fallback naming the agent and why", c)
	}
	if len(rep.Findings) != 2 {
		t.Errorf("%d findings, want the 2 of the deterministic consolidation", len(rep.Findings))
	}
	// The review that arrives last is decided in one call per finding
	// (consolidator-triage-beta-1, -2), the other in one call: which is
	// which depends on which agent ends first.
	for _, glob := range []string{"consolidator-triage-alpha", "consolidator-triage-alpha*-repair", "consolidator-triage-beta"} {
		got, _ := filepath.Glob(filepath.Join(r.home, "reviews", rep.ID, "agents", glob+"*", "transcript.jsonl"))
		if len(got) == 0 {
			t.Errorf("no attempt %s* with a transcript", glob)
		}
	}
}

// The consolidator agent's answers for reviewAlpha and reviewBeta: merge
// the nil-map findings as important, drop the doc comment suggestion as a
// false positive, and leave notes for next time. Whichever review arrives
// second names the other's finding as the same defect.
const (
	alphaTriage = `{"findings": [{"finding": "alpha:I1", "keep": true, "severity": "important", "severity_reason": "", "title": "",
    "same_as": "SAME", "drop_reason": "", "false_positive": false}]}`
	betaTriage = `{"findings": [{"finding": "beta:C1", "keep": true, "severity": "important",
    "severity_reason": "the panic is certain but Put has no caller yet", "title": "` + "`Put`" + ` writes to a nil map",
    "same_as": "SAME", "drop_reason": "", "false_positive": false},
  {"finding": "beta:S1", "keep": false, "severity": "suggestion", "severity_reason": "", "title": "", "same_as": "",
    "drop_reason": "Get has a doc comment one line above", "false_positive": true}]}`
	prose = `{
  "verdict_reason": "the nil map must be made before Put can be called",
  "summary": "Put panics on a nil map.",
  "design_observations": [{"kind": "strength", "scope": "", "text": "Small API.", "agents": ["alpha"]}],
  "testing_assessment": "No tests for Put.",
  "documentation_assessment": "Fine.",
  "acknowledged_limitations": [],
  "retro": [{"agent": "alpha", "narrative": "Alpha found the panic."}, {"agent": "beta", "narrative": "Beta overrated it."}],
  "process_notes": {"repo_context_updates": ["kv.store is made lazily by design"], "skill_improvements": ["Check for a doc comment above before flagging one as missing."]}
}`
)

// judgeScript is a consolidator command agent: it reads the call's prompt
// and answers the triage of alpha's or beta's findings, or the prose.
func judgeScript() []string { return judgeScriptWith(prose) }

// judgeScriptWith is judgeScript answering the prose call with text.
func judgeScriptWith(text string) []string {
	triage := func(agent, other, answer string) string {
		return fmt.Sprintf("*'%s ('*'has finished'*) same=; case \"$p\" in *'- `%s`'*) same=%s;; esac; "+
			"sed \"s/SAME/$same/\" <<'END'\n%s\nEND\n;;\n", agent, other, other, answer)
	}
	return []string{"sh", "-c", "p=$(cat); case \"$p\" in\n" +
		triage("alpha", "beta:C1", alphaTriage) + triage("beta", "alpha:I1", betaTriage) +
		"*) cat <<'END'\n" + text + "\nEND\n;;\nesac\n"}
}

// TestReviewConsolidatorAgent runs a consolidator agent (a command
// printing a decision) through the runner, and follows its process notes
// into the store and the next round's prompt.
func TestReviewConsolidatorAgent(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, ""),
		"beta":  agentScript(t, reviewBeta, ""),
		"judge": judgeScript(),
	})
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg, "--agents", "alpha,beta", "--consolidator", "judge", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Consolidation; c.Method != "agent" || c.Fallback != "" {
		t.Fatalf("consolidation %+v, want the agent's decision", c)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].ID != "I1" || len(rep.Findings[0].Agents) != 2 {
		t.Errorf("findings %+v, want I1 by alpha and beta", rep.Findings)
	}
	if len(rep.Dropped) != 1 || rep.Dropped[0].ID != "S1" || rep.Dropped[0].Reason == "" {
		t.Errorf("dropped %+v", rep.Dropped)
	}
	if rep.Verdict.Decision != report.MergeWithFixes {
		t.Errorf("verdict %+v", rep.Verdict)
	}
	if got := len(rep.Retro.Reconciliation); got != 2 {
		t.Errorf("reconciliation %q, want a line for the downgrade and one for the drop", rep.Retro.Reconciliation)
	}
	code, notes, _ := r.run(t.Context(), "notes")
	if code != 0 || !strings.Contains(notes, "1  context  kv.store is made lazily by design") ||
		!strings.Contains(notes, "2  skill    Check for a doc comment above") {
		t.Errorf("proposals not stored: %q", notes)
	}
	// The proposals reach no prompt until accepted (TestNotesConsent).
	if code, _, errOut := r.run(t.Context(), "notes", "accept", "1"); code != 0 {
		t.Fatalf("notes accept: exit %d\n%s", code, errOut)
	}
	code, _, errOut = r.run(t.Context(), "review", "--config", cfg, "--agents", "beta")
	if code != 0 {
		t.Fatalf("round 2: exit %d\n%s", code, errOut)
	}
	rep2, dir := r.stored()
	prompt, _ := os.ReadFile(filepath.Join(dir, "agents", "beta", "prompt.md"))
	if rep2.Round != 2 || !bytes.Contains(prompt, []byte("kv.store is made lazily by design")) {
		t.Errorf("round %d: the accepted note is not in the prompt", rep2.Round)
	}
}

func TestReviewNothingToReview(t *testing.T) {
	r := newRVRepo(t)
	r.git("checkout", "-q", "main")
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, "")})
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 1 || out != "" || !strings.Contains(errOut, "nothing to review") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if dirs, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*")); len(dirs) != 0 {
		t.Errorf("a review was stored: %v", dirs)
	}
}

// TestReviewRedacts has an agent paste a private key and a token into its
// review: neither reaches stdout, report.md, report.json or the agent's
// stored review, and the report counts the redactions without showing
// them. Without redaction the key would be in all of them (the raw text
// is checked to hold it).
func TestReviewRedacts(t *testing.T) {
	r := newRVRepo(t)
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----"
	token := "ghp_" + strings.Repeat("A1b2C3d4", 5)[:36]
	leaky := strings.Replace(reviewAlpha, "The map is never made, so Put panics.",
		"The map is never made, so Put panics. I also found:\n\n"+key+"\n\nand "+token+".", 1)
	if !strings.Contains(leaky, "PRIVATE KEY") {
		t.Fatal("setup")
	}
	cfg := r.config(map[string][]string{"alpha": agentScript(t, leaky, "echo debug: "+token+" >&2;")})
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	_, dir := r.stored()
	for name, text := range map[string]string{"stdout": out, "stderr": errOut} {
		if strings.Contains(text, "b3BlbnNzaC1rZXk") || strings.Contains(text, token) {
			t.Errorf("%s holds the secret", name)
		}
	}
	for _, f := range []string{"report.md", "report.json", "agents/alpha/review.md", "agents/alpha/metrics.json",
		"agents/alpha/transcript.jsonl", "agents/alpha/stderr.txt"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if bytes.Contains(b, []byte("b3BlbnNzaC1rZXk")) || bytes.Contains(b, []byte(token)) {
			t.Errorf("%s holds the secret", f)
		}
	}
	if !strings.Contains(out, "| **Redactions** | 3 (never shown) |") {
		t.Errorf("the report does not count the redactions:\n%.1500s", out)
	}
}

// TestReviewDirtyTree: uncommitted changes are not reviewed, and both
// stderr and the report header say so.
func TestReviewDirtyTree(t *testing.T) {
	r := newRVRepo(t)
	r.write("kv.go", "package kv // edited, not committed\n")
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, "")})
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	const says = "the working tree has uncommitted changes"
	if !strings.Contains(errOut, "deepreview: "+says) || !strings.Contains(out, "> **Note:** "+says) {
		t.Errorf("stderr or report lacks the notice:\n%s\n%.800s", errOut, out)
	}
}

// TestReviewConcurrent runs 20 reviews of one repository at once: every
// one succeeds, with a review id of its own, and the user's repository is
// as it was.
func TestReviewConcurrent(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, ""), "beta": agentScript(t, reviewBeta, "")})
	before := r.state()
	const n = 20
	codes, errs := make([]int, n), make([]string, n)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { codes[i], _, errs[i] = r.run(t.Context(), "review", "--config", cfg, "--format", "json") })
	}
	wg.Wait()
	t.Logf("%d concurrent reviews took %s", n, time.Since(start).Round(time.Millisecond))
	for i, c := range codes {
		if c != 0 {
			t.Errorf("review %d: exit %d\n%s", i, c, errs[i])
		}
	}
	ids, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*", "report.json"))
	if len(ids) != n {
		t.Errorf("%d reports stored, want %d", len(ids), n)
	}
	if r.state() != before {
		t.Error("the user's repository changed")
	}
}

// TestReviewSinceLastRound: round 2 after a new commit points its agents to
// the diff since round 1's head and lists the new commit; round 3 after a
// force-push (round 2's head rewritten) gets a range-diff of the old
// commits against the new.
func TestReviewSinceLastRound(t *testing.T) {
	r := newRVRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, "")})
	review := func(round int) string {
		t.Helper()
		if code, _, errOut := r.run(t.Context(), "review", "--config", cfg); code != 0 {
			t.Fatalf("round %d: exit %d\n%s", round, code, errOut)
		}
		_, dir := r.stored()
		b, _ := os.ReadFile(filepath.Join(dir, "agents", "alpha", "prompt.md"))
		return string(b)
	}
	if p := review(1); strings.Contains(p, "## Since the previous round") {
		t.Error("round 1 has a previous round")
	}
	r.write("kv.go", "package kv\n\nvar store = map[string]string{}\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n\nfunc Put(k, v string) {\n\tstore[k] = v\n}\n")
	r.git("commit", "-qam", "kv: make the map")
	p := review(2)
	if !strings.Contains(p, "## Since the previous round") || !strings.Contains(p, "kv: make the map") || !strings.Contains(p, "interdiff.patch") {
		t.Errorf("round 2's prompt lacks what changed since round 1:\n%s", p[strings.Index(p, "# The change under review"):])
	}
	r.git("commit", "-q", "--amend", "-m", "kv: make the map, rewritten")
	if p := review(3); !strings.Contains(p, "range-diff.txt") || !strings.Contains(p, "rewritten") {
		t.Errorf("round 3's prompt lacks the range-diff after the force-push:\n%s", p[strings.Index(p, "# The change under review"):])
	}
}
