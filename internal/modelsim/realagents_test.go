//go:build unix

package modelsim

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The TestRealAgents tests run the real claude, codex and gemini binaries
// (scripts/install-agents.sh) in the read-only review mode deepreview uses,
// against this package's server: no network, no accounts. They prove the
// server speaks each CLI's protocol and record how each CLI behaves.

// reviewText is the scripted final review, in the agent review format.
const reviewText = `## Executive Summary

The change adds Div, which panics when b is zero.

## Critical Issues

None.

## Important Issues

I1. **Div panics on a zero divisor** — ` + "`calc.go:7`" + ` (important, regression)

Div divides without checking b.

Fix: return an error when b is zero.

## Suggestions

None.

## Coverage Summary

| File | Status |
|------|--------|
| ` + "`calc.go`" + ` | **I1** |
`

// agentCLI is how one CLI is run in review mode against the server.
type agentCLI struct {
	bin    string
	family Family
	// args are the CLI's arguments; the prompt goes on stdin.
	args func(url string) []string
	// env is the test-only environment beyond baseEnv; retries caps the
	// CLI's own retries (the knob differs per CLI).
	env func(t *testing.T, home, url string, retries int) []string
	// script is the review: the diff, a file read, a write attempt the
	// read-only mode must refuse, the final text.
	script func(r gitRepo) []Step
	// transcript reads the CLI's stdout.
	transcript func(t *testing.T, stdout string) facts
	// toolEvents are the tool names the transcript shows for the script.
	toolEvents []string
	// mayDropRefused is set for a CLI whose transcript at times leaves out
	// the refused write attempt (codex: the item of a command that fails
	// at once is missing in some runs, though the model gets its output).
	mayDropRefused bool
}

// facts are what a test reads from a transcript, minimally: the real
// decoders live in internal/transcript.
type facts struct {
	Tools  []string
	Final  string
	Tokens Usage
	Denied int // tool calls refused or failed (the write attempt)
	Failed bool
	Error  string // the transcript's error text, when it failed
}

var claudeCLI = agentCLI{
	bin:    "claude",
	family: Anthropic,
	args: func(string) []string {
		return []string{"-p", "--output-format", "stream-json", "--verbose",
			"--permission-mode", "plan",
			"--allowedTools", "Read,Grep,Glob,Bash(git diff:*),Bash(git log:*),Bash(git show:*)",
			"--disallowedTools", "Edit,Write,NotebookEdit"}
	},
	env: func(t *testing.T, home, url string, retries int) []string {
		return []string{
			"ANTHROPIC_BASE_URL=" + url,
			"ANTHROPIC_API_KEY=sk-modelsim",
			// No telemetry, update or feature-flag calls: there is no network.
			"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
			"DISABLE_AUTOUPDATER=1",
			"CLAUDE_CODE_MAX_RETRIES=" + strconv.Itoa(retries),
		}
	},
	script: func(r gitRepo) []Step {
		return []Step{
			ToolStep("Bash", map[string]any{"command": "git diff " + r.Base, "description": "Show the change"},
				Usage{Input: 1200, CacheRead: 300, CacheWrite: 40, Output: 25}),
			ToolStep("Read", map[string]any{"file_path": filepath.Join(r.Dir, "calc.go")},
				Usage{Input: 1500, CacheRead: 900, Output: 18}),
			ToolStep("Bash", map[string]any{"command": "touch pwned.txt", "description": "Write a file"},
				Usage{Input: 1600, Output: 12}),
			TextStep(reviewText, Usage{Input: 1700, CacheRead: 1100, Output: 210}),
		}
	},
	transcript: claudeFacts,
	toolEvents: []string{"Bash", "Read", "Bash"},
}

var codexCLI = agentCLI{
	bin:    "codex",
	family: OpenAI,
	args: func(url string) []string {
		return []string{"exec", "--json", "--sandbox", "read-only", "--skip-git-repo-check",
			"-c", "model_provider=sim",
			"-c", `model_providers.sim={name="sim",base_url="` + url + `/v1",wire_api="responses",env_key="SIM_KEY",` +
				`request_max_retries=1,stream_max_retries=1,stream_idle_timeout_ms=3000}`,
			"-c", `model="gpt-5.5"`,
			"-"}
	},
	env: func(t *testing.T, home, url string, retries int) []string {
		// codex refuses a CODEX_HOME that does not exist.
		codexHome := filepath.Join(home, ".codex")
		if err := os.Mkdir(codexHome, 0o755); err != nil {
			t.Fatal(err)
		}
		return []string{"CODEX_HOME=" + codexHome, "SIM_KEY=sk-modelsim"}
	},
	script: func(r gitRepo) []Step {
		return []Step{
			ToolStep("exec_command", map[string]any{"cmd": "git diff " + r.Base},
				Usage{Input: 1200, CacheRead: 300, Output: 25, Reasoning: 7}),
			ToolStep("exec_command", map[string]any{"cmd": "sed -n 1,40p calc.go"},
				Usage{Input: 1500, CacheRead: 900, Output: 18, Reasoning: 3}),
			ToolStep("exec_command", map[string]any{"cmd": "touch pwned.txt"},
				Usage{Input: 1600, Output: 12}),
			TextStep(reviewText, Usage{Input: 1700, CacheRead: 1100, Output: 210, Reasoning: 40}),
		}
	},
	transcript:     codexFacts,
	toolEvents:     []string{"command_execution", "command_execution", "command_execution"},
	mayDropRefused: true,
}

var geminiCLI = agentCLI{
	bin:    "gemini",
	family: Gemini,
	args: func(string) []string {
		return []string{"-p", "Review the change described above.", "-o", "stream-json",
			"--approval-mode", "plan", "--skip-trust", "-m", "gemini-2.5-pro"}
	},
	env: func(t *testing.T, home, url string, retries int) []string {
		settings := `{"security":{"auth":{"selectedType":"gemini-api-key"}},` +
			`"general":{"maxAttempts":` + strconv.Itoa(retries+1) + `,"enableAutoUpdate":false,"enableAutoUpdateNotification":false},` +
			`"privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false}}`
		if err := os.MkdirAll(filepath.Join(home, ".gemini"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, ".gemini", "settings.json"), []byte(settings), 0o644); err != nil {
			t.Fatal(err)
		}
		return []string{
			"GOOGLE_GEMINI_BASE_URL=" + url,
			"GEMINI_API_KEY=modelsim",
			// The CLI otherwise starts a second node process with a larger heap.
			"GEMINI_CLI_NO_RELAUNCH=true",
		}
	},
	script: func(r gitRepo) []Step {
		return []Step{
			ToolStep("grep_search", map[string]any{"pattern": "func Div"},
				Usage{Input: 1200, CacheRead: 300, Output: 25, Reasoning: 7}),
			ToolStep("read_file", map[string]any{"file_path": "calc.go"},
				Usage{Input: 1500, CacheRead: 900, Output: 18, Reasoning: 3}),
			ToolStep("write_file", map[string]any{"file_path": "pwned.txt", "content": "pwned"},
				Usage{Input: 1600, Output: 12}),
			TextStep(reviewText, Usage{Input: 1700, CacheRead: 1100, Output: 210, Reasoning: 40}),
		}
	},
	transcript: geminiFacts,
	toolEvents: []string{"grep_search", "read_file", "write_file"},
}

var agentCLIs = []agentCLI{claudeCLI, codexCLI, geminiCLI}

// session is one CLI run against a fresh server and repository.
type session struct {
	srv  *Server
	repo gitRepo
	res  runResult
	tr   facts
}

func TestRealAgentsReview(t *testing.T) {
	for _, a := range agentCLIs {
		t.Run(a.bin, func(t *testing.T) {
			t.Parallel()
			s := runScripted(t, a, func(r gitRepo) Script { return scriptFor(a, r) }, 1, 90*time.Second)
			if s.res.Exit != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", s.res.Exit, s.res.Stdout, s.res.Stderr)
			}
			for _, r := range s.srv.Requests() {
				if r.Note != "" {
					t.Errorf("server: %s %s: %s", r.Path, r.Kind, r.Note)
				}
				if r.Kind == KindUnknown {
					t.Errorf("server: unknown request %s %s", r.Method, r.Path)
				}
			}
			wantTools, wantDenied := a.toolEvents, 1
			if a.mayDropRefused && len(s.tr.Tools) == len(wantTools)-1 {
				t.Logf("%s left the refused write attempt out of its transcript", a.bin)
				wantTools, wantDenied = wantTools[:len(wantTools)-1], 0
			}
			if !slices.Equal(s.tr.Tools, wantTools) {
				t.Errorf("transcript tool calls = %v, want %v", s.tr.Tools, wantTools)
			}
			if s.tr.Final != reviewText {
				t.Errorf("transcript final text = %q, want the scripted review", s.tr.Final)
			}
			if want := turnUsage(s.srv, a.family); s.tr.Tokens != want {
				t.Errorf("transcript tokens = %+v, want the server's %+v", s.tr.Tokens, want)
			}
			if s.tr.Denied != wantDenied {
				t.Errorf("transcript shows %d refused tool calls, want %d (the write attempt)", s.tr.Denied, wantDenied)
			}
			if n := answered(s.srv, a.family); n != len(a.toolEvents)+1 {
				t.Errorf("server answered %d turns, want %d", n, len(a.toolEvents)+1)
			}
			if st := s.repo.status(t); st != "" {
				t.Errorf("worktree changed by a read-only review:\n%s", st)
			}
		})
	}
}

func scriptFor(a agentCLI, r gitRepo) Script {
	sc := Script{}
	switch a.family {
	case Anthropic:
		sc.Anthropic = a.script(r)
	case OpenAI:
		sc.OpenAI = a.script(r)
	case Gemini:
		sc.Gemini = a.script(r)
	}
	return sc
}

// runScripted is runSession with a script built from the run's repository.
func runScripted(t *testing.T, a agentCLI, mk func(gitRepo) Script, retries int, timeout time.Duration) session {
	t.Helper()
	bin := agentBin(t, a.bin)
	repo := newGitRepo(t)
	srv := New(mk(repo))
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	home := t.TempDir()
	env := append(baseEnv(home), a.env(t, home, srv.URL(), retries)...)
	prompt := "Review the change on this branch: run `git diff " + repo.Base + "` and read the changed files."
	lim := runLimits{Timeout: timeout, Stalled: srv.Stalled(), Grace: 8 * time.Second}
	res := runAgent(t, lim, repo.Dir, prompt, env, bin, a.args(srv.URL())...)
	t.Logf("%s: exit %d after %s (killed: %v)", a.bin, res.Exit, res.Took.Round(time.Millisecond), res.Killed)
	if testing.Verbose() {
		logRequests(t, srv)
		t.Logf("stdout:\n%s", res.Stdout)
		t.Logf("stderr:\n%s", res.Stderr)
	}
	return session{srv: srv, repo: repo, res: res, tr: a.transcript(t, res.Stdout)}
}

// faultCase is a fault injected at step 1, after one tool call went
// through, and what each CLI (at its pinned version) does about it.
type faultCase struct {
	name  string
	fault Fault
	want  map[string]outcome // by CLI binary
}

// outcome is how a CLI ended a faulted run.
type outcome struct {
	Exit     int    // -1: it did not give up by itself and was killed
	Failed   bool   // the transcript reports an error
	Review   bool   // the transcript's final text is the scripted review
	Attempts int    // requests the server saw at the faulted step
	Error    string // text the transcript's error contains
}

// The retry knobs used (claude CLAUDE_CODE_MAX_RETRIES=1, codex
// request_max_retries=1 and stream_max_retries=1, gemini maxAttempts=2)
// set the attempt counts.
var faultCases = []faultCase{
	{"500", Fault{Kind: Status500, AtStep: 1}, map[string]outcome{
		"claude": {Exit: 1, Failed: true, Attempts: 2, Error: "API Error: 500"},
		// codex retries the request, then reconnects the stream once and
		// retries again: 2×2; it words every 5xx as "high demand".
		"codex":  {Exit: 1, Failed: true, Attempts: 4, Error: "high demand"},
		"gemini": {Exit: 244, Failed: true, Attempts: 2, Error: "INTERNAL"},
	}},
	{"429-once", Fault{Kind: Status429, AtStep: 1, Times: 1, RetryAfter: time.Second}, map[string]outcome{
		"claude": {Exit: 0, Review: true, Attempts: 2},
		"codex":  {Exit: 0, Review: true, Attempts: 2, Error: "429 Too Many Requests"},
		"gemini": {Exit: 0, Review: true, Attempts: 2},
	}},
	{"refusal", Fault{Kind: Refusal, AtStep: 1}, map[string]outcome{
		// claude retries a refusal once, then fails.
		"claude": {Exit: 1, Failed: true, Attempts: 2, Error: "safeguards flagged"},
		// codex drops a refusal part: no agent_message, success.
		"codex": {Exit: 0, Attempts: 1},
		// gemini retries the blocked response, reports it, exits 0.
		"gemini": {Exit: 0, Failed: true, Attempts: 2, Error: "blocked due to safety"},
	}},
	{"hang", Fault{Kind: HangStream, AtStep: 1}, map[string]outcome{
		// claude's stream idle timeout cannot go below 5 minutes.
		"claude": {Exit: -1, Attempts: 1},
		"codex":  {Exit: 1, Failed: true, Attempts: 2, Error: "idle timeout waiting for SSE"},
		// gemini has no stream idle timeout at all.
		"gemini": {Exit: -1, Attempts: 1},
	}},
}

func TestRealAgentsFaults(t *testing.T) {
	for _, a := range agentCLIs {
		for _, fc := range faultCases {
			t.Run(a.bin+"/"+fc.name, func(t *testing.T) {
				t.Parallel()
				s := runScripted(t, a, func(r gitRepo) Script {
					sc := scriptFor(a, r)
					sc.Faults = map[Family]Fault{a.family: fc.fault}
					return sc
				}, 1, 90*time.Second)
				got := outcome{Exit: s.res.Exit, Failed: s.tr.Failed, Review: s.tr.Final == reviewText}
				for _, r := range s.srv.Requests() {
					if r.Kind == KindTurn && r.Step == fc.fault.AtStep {
						got.Attempts++
					}
				}
				t.Logf("%s/%s: exit %d after %s (%s after the stall), %d attempts, failed %v, error %q",
					a.bin, fc.name, got.Exit, s.res.Took.Round(time.Millisecond), s.res.AfterStall.Round(time.Millisecond),
					got.Attempts, got.Failed, s.tr.Error)
				want := fc.want[a.bin]
				if !strings.Contains(s.tr.Error, want.Error) {
					t.Errorf("transcript error %q does not contain %q", s.tr.Error, want.Error)
				}
				got.Error = want.Error
				if got != want {
					t.Errorf("outcome = %+v, want %+v\nstdout:\n%s\nstderr:\n%s", got, want, s.res.Stdout, s.res.Stderr)
				}
				if want.Review {
					if u := turnUsage(s.srv, a.family); s.tr.Tokens != u {
						t.Errorf("after a retry, transcript tokens = %+v, want the server's %+v", s.tr.Tokens, u)
					}
				}
				if st := s.repo.status(t); st != "" {
					t.Errorf("worktree changed:\n%s", st)
				}
			})
		}
	}
}

// answered counts the family's turns the server answered from the script.
func answered(s *Server, f Family) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Family == f && r.Kind == KindTurn {
			n++
		}
	}
	return n
}
