//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/modelsim"
)

// faultCase is one agent's model server failing; the other two agents
// must still review, and the failed one must be reported with the reason
// its transcript gives.
type faultCase struct {
	name   string
	agent  string // the agent whose API fails
	family modelsim.Family
	fault  modelsim.Fault
	// timeout is the failing agent's time limit: short for a hang, which
	// claude and gemini never give up on by themselves.
	timeout string
	// reason is what the retro's error for the agent must contain.
	reason string
}

var faultCases = []faultCase{
	{"500", "claude", modelsim.Anthropic, modelsim.Fault{Kind: modelsim.Status500}, "4m", "api error"},
	{"429", "codex", modelsim.OpenAI, modelsim.Fault{Kind: modelsim.Status429, RetryAfter: time.Second}, "4m", "429"},
	{"refusal", "gemini", modelsim.Gemini, modelsim.Fault{Kind: modelsim.Refusal}, "4m", "refusal: The model response was blocked due to safety settings"},
	{"hang", "claude", modelsim.Anthropic, modelsim.Fault{Kind: modelsim.HangStream, AtStep: 1}, "20s", "timeout after 20s"},
}

func TestRealAgentsFaults(t *testing.T) {
	bin := binDir(t)
	for _, fc := range faultCases {
		t.Run(fc.name+"-"+fc.agent, func(t *testing.T) {
			r := newRepo(t)
			sc := scripts(r.base)
			sc.Faults = map[modelsim.Family]modelsim.Fault{fc.family: fc.fault}
			sc.HangLimit = 2 * time.Minute
			srv := startServer(t, sc)
			timeout := func(name string) string {
				if name == fc.agent {
					return fc.timeout
				}
				return "4m"
			}
			cfg := writeConfig(t, bin, []string{"claude", "codex", "gemini"}, "none",
				claudeAgent(t, "claude", srv.URL(), timeout("claude")), codexAgent(t, "codex", srv.URL(), timeout("codex")),
				geminiAgent(t, "gemini", srv.URL(), timeout("gemini")))
			before := r.state(t)
			start := time.Now()
			home := t.TempDir()
			code, out, errOut := review(t, r.dir, home, 6*time.Minute, "--config", cfg, "--format", "json")
			t.Logf("review took %s\n%s", time.Since(start).Round(time.Millisecond), errOut)
			if code != 0 {
				t.Fatalf("exit %d: one failed agent must not fail the review", code)
			}
			rep := parse(t, out)
			if r.state(t) != before {
				t.Error("the user's repository changed")
			}
			if testing.Verbose() {
				tr, _ := os.ReadFile(filepath.Join(home, "reviews", rep.ID, "agents", fc.agent, "transcript.jsonl"))
				t.Logf("%s transcript:\n%s", fc.agent, tr)
			}
			failed := retroOf(rep, fc.agent)
			if failed == nil || !strings.Contains(failed.Error, fc.reason) {
				t.Fatalf("%s: retro %+v, want an error containing %q", fc.agent, failed, fc.reason)
			}
			var others []string
			for _, name := range []string{"claude", "codex", "gemini"} {
				if name == fc.agent {
					continue
				}
				if a := retroOf(rep, name); a == nil || a.Error != "" {
					t.Errorf("%s failed too: %+v", name, a)
				}
				others = append(others, name)
			}
			if len(rep.Findings) == 0 || !slices.Equal(rep.Findings[0].Agents, others) {
				t.Errorf("findings %+v, want the Div finding raised by %v", rep.Findings, others)
			}
		})
	}
}
