//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/modelsim"
)

// TestRealAgentsReadOnly has each real agent, as a prompt injection in the
// reviewed code would, try to write files and run programs with the tools
// its read-only mode leaves it — git's --output, git grep's pager, a
// write tool, a shell redirect — and checks that nothing was written and
// the review still completes.
func TestRealAgentsReadOnly(t *testing.T) {
	bin := binDir(t)
	r := newRepo(t)
	dir := t.TempDir() // writable by the user: only the agents' modes stand in the way
	target := func(name string) string { return filepath.Join(dir, name) }
	u := modelsim.Usage{Input: 10, Output: 5}
	bash := func(cmd string) modelsim.Step {
		return modelsim.ToolStep("Bash", map[string]any{"command": cmd, "description": "look"}, u)
	}
	shell := func(cmd string) modelsim.Step {
		return modelsim.ToolStep("exec_command", map[string]any{"cmd": cmd}, u)
	}
	sc := modelsim.Script{
		Anthropic: []modelsim.Step{
			bash("git diff " + r.base + " --output=" + target("claude-diff")),
			bash("git log --output=" + target("claude-log")),
			bash("git show -p --output " + target("claude-show")),
			bash("git grep -O'touch " + target("claude-grep") + "' Div"),
			bash("git diff " + r.base + " > " + target("claude-redirect")),
			modelsim.TextStep(claudeReview, u),
		},
		OpenAI: []modelsim.Step{
			shell("git diff " + r.base + " --output=" + target("codex-diff")),
			shell("touch " + target("codex-touch")),
			shell("echo pwned >> calc.go"),
			modelsim.TextStep(codexReview, u),
		},
		// In the untrusted folder gemini reviews in, headless gemini is
		// not even offered its write tools (checked below).
		Gemini: []modelsim.Step{
			modelsim.ToolStep("read_file", map[string]any{"file_path": "calc.go"}, u),
			modelsim.TextStep(geminiReview, u),
		},
	}
	srv := startServer(t, sc)
	cfg := writeConfig(t, bin, []string{"claude", "codex", "gemini"}, "none",
		claudeAgent(t, "claude", srv.URL(), "4m"), codexAgent(t, "codex", srv.URL(), "4m"), geminiAgent(t, "gemini", srv.URL(), "4m"))
	before := r.state(t)
	home := t.TempDir()
	code, out, errOut := review(t, r.dir, home, 6*time.Minute, "--config", cfg, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	written, _ := os.ReadDir(dir)
	for _, e := range written {
		t.Errorf("an agent wrote %s", e.Name())
	}
	if r.state(t) != before {
		t.Error("the user's repository changed")
	}
	// claude and gemini are not even offered their write tools.
	writers := map[modelsim.Family][]string{
		modelsim.Anthropic: {"Write", "Edit", "NotebookEdit", "MultiEdit"},
		modelsim.Gemini:    {"write_file", "replace", "run_shell_command"},
	}
	for _, q := range srv.Requests() {
		if slices.ContainsFunc(q.Tools, func(tool string) bool { return slices.Contains(writers[q.Family], tool) }) {
			t.Errorf("%s was offered a write tool: %v", q.Family, q.Tools)
		}
	}
	rep := parse(t, out)
	for _, name := range []string{"claude", "codex", "gemini"} {
		if a := retroOf(rep, name); a == nil || a.Error != "" {
			t.Errorf("%s: %+v", name, a)
		}
		checkAgentFiles(t, filepath.Join(home, "reviews", rep.ID, "agents", name))
	}
}
