//go:build unix

package e2e

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
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/cli"
	"github.com/deepreview/deepreview/internal/modelsim"
	"github.com/deepreview/deepreview/internal/report"
)

// binDir is the folder of the installed claude, codex and gemini.
func binDir(t *testing.T) string {
	t.Helper()
	var dir string
	for _, name := range []string{"claude", "codex", "gemini"} {
		dir = filepath.Dir(modelsim.AgentBin(t, name))
	}
	return dir
}

// repo is a user's repository: main with calc.go, and the branch feature
// adding Div, checked out.
type repo struct {
	dir, base string
}

func newRepo(t *testing.T) repo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "calc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := repo{dir: dir}
	r.git(t, "init", "-q", "-b", "main")
	r.write(t, "calc.go", "package calc\n\n// Add returns a+b.\nfunc Add(a, b int) int { return a + b }\n")
	r.git(t, "add", ".")
	r.git(t, "commit", "-qm", "calc: Add")
	r.git(t, "checkout", "-qb", "feature")
	r.write(t, "calc.go", "package calc\n\n// Add returns a+b.\nfunc Add(a, b int) int { return a + b }\n\n// Div returns a/b.\nfunc Div(a, b int) int { return a / b }\n")
	r.git(t, "commit", "-qam", "calc: Div")
	r.base = strings.TrimSpace(r.git(t, "merge-base", "feature", "main"))
	return r
}

func (r repo) git(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r repo) write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// state is what a review must leave as it was in the user's repository.
func (r repo) state(t *testing.T) string {
	return r.git(t, "status", "--porcelain", "--ignored", "--branch") + r.git(t, "worktree", "list", "--porcelain") +
		r.git(t, "for-each-ref", "refs/heads", "refs/tags")
}

// agentConfig is one [agents.NAME] table: how deepreview runs a real CLI
// against a scripted server. Everything here is test configuration (base
// URLs, dummy keys, retry caps, homes): the argv deepreview builds is the
// one users get.
type agentConfig struct {
	name, kind, model, timeout string
	args                       []string
	env                        map[string]string
}

// claudeAgent points claude at url.
func claudeAgent(t *testing.T, name, url, timeout string) agentConfig {
	return agentConfig{name: name, kind: "claude", timeout: timeout, env: map[string]string{
		"ANTHROPIC_BASE_URL": url, "ANTHROPIC_API_KEY": "sk-modelsim",
		// No telemetry, update or feature-flag calls: there is no network.
		"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
		"CLAUDE_CODE_MAX_RETRIES": "0", "HOME": t.TempDir(),
	}}
}

// codexAgent points codex at url through a provider of its own. codex
// needs an existing CODEX_HOME, and a 5.x model: its default model reaches
// the shell through a tool protocol the server does not script.
func codexAgent(t *testing.T, name, url, timeout string) agentConfig {
	home := t.TempDir()
	return agentConfig{name: name, kind: "codex", model: "gpt-5.5", timeout: timeout,
		args: []string{"-c", "model_provider=sim", "-c", `model_providers.sim={name="sim",base_url="` + url + `/v1",wire_api="responses",env_key="SIM_KEY",` +
			`request_max_retries=0,stream_max_retries=0,stream_idle_timeout_ms=5000}`},
		env: map[string]string{"CODEX_HOME": home, "SIM_KEY": "sk-modelsim"}}
}

// geminiAgent points gemini at url, with API-key auth chosen in its
// settings and one attempt per request.
func geminiAgent(t *testing.T, name, url, timeout string) agentConfig {
	home := t.TempDir()
	settings := `{"security":{"auth":{"selectedType":"gemini-api-key"}},` +
		`"general":{"maxAttempts":1,"enableAutoUpdate":false,"enableAutoUpdateNotification":false},` +
		`"privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false}}`
	if err := os.MkdirAll(filepath.Join(home, ".gemini"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".gemini", "settings.json"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	return agentConfig{name: name, kind: "gemini", model: "gemini-2.5-pro", timeout: timeout, env: map[string]string{
		"GOOGLE_GEMINI_BASE_URL": url, "GEMINI_API_KEY": "modelsim", "GEMINI_CLI_NO_RELAUNCH": "true", "HOME": home,
	}}
}

// writeConfig writes a deepreview configuration: the agents, their
// binaries from bin, the default agents and the consolidator.
func writeConfig(t *testing.T, bin string, defaults []string, consolidator string, agents ...agentConfig) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "default_agents = %s\nconsolidator = %q\n", quoteList(defaults), consolidator)
	for _, a := range agents {
		fmt.Fprintf(&b, "\n[agents.%s]\nkind = %q\ncommand = %q\ntimeout = %q\n", a.name, a.kind, filepath.Join(bin, a.kind), a.timeout)
		if a.model != "" {
			fmt.Fprintf(&b, "model = %q\n", a.model)
		}
		if len(a.args) > 0 {
			fmt.Fprintf(&b, "args = %s\n", quoteList(a.args))
		}
		fmt.Fprintf(&b, "[agents.%s.env]\n", a.name)
		for _, k := range slices.Sorted(maps.Keys(a.env)) {
			fmt.Fprintf(&b, "%s = %s\n", k, quote(a.env[k]))
		}
	}
	f := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// quote writes s as a TOML basic string (JSON's escapes are TOML's).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// review runs `deepreview review` in-process in dir, with an environment
// of its own: the test process's PATH and nothing else of it.
func review(t *testing.T, dir, home string, timeout time.Duration, args ...string) (int, string, string) {
	t.Helper()
	return reviewEnv(t, dir, home, nil, timeout, args...)
}

// reviewEnv is review with more (or other) variables in deepreview's
// environment: the user's HOME, say, or a variable the user has set.
func reviewEnv(t *testing.T, dir, home string, more map[string]string, timeout time.Duration, args ...string) (int, string, string) {
	t.Helper()
	env := map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": t.TempDir(), "DEEPREVIEW_HOME": home,
		"XDG_CONFIG_HOME": t.TempDir(), "LANG": "C.UTF-8", "TERM": "dumb", "NO_COLOR": "1",
		"GH_TOKEN": "ghp-never-for-agents",
	}
	maps.Copy(env, more)
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	code := cli.Main(ctx, append([]string{"review"}, args...), cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Environ: func() []string {
			var l []string
			for k, v := range env {
				l = append(l, k+"="+v)
			}
			return l
		},
		Now: time.Now, Dir: dir,
	})
	return code, out.String(), errb.String()
}

// parse reads the JSON report review printed.
func parse(t *testing.T, out string) *report.Report {
	t.Helper()
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("stdout is not a report: %v\n%.500s", err, out)
	}
	return rep
}

// serverUsage is the usage a server reported to one API family: what the
// agent's transcript, and so the retro, must add up to.
func serverUsage(srv *modelsim.Server, f modelsim.Family) modelsim.Usage {
	var u modelsim.Usage
	for _, r := range srv.Requests() {
		if r.Family == f {
			u = u.Add(r.Usage)
		}
	}
	return u
}

func startServer(t *testing.T, sc modelsim.Script) *modelsim.Server {
	t.Helper()
	srv := modelsim.New(sc)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func retroOf(rep *report.Report, name string) *report.AgentRetro {
	for i := range rep.Retro.Agents {
		if rep.Retro.Agents[i].Name == name {
			return &rep.Retro.Agents[i]
		}
	}
	return nil
}
