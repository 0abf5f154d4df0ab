package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakePath makes a PATH folder holding executables called names, plus a
// non-executable gemini that must not count.
func fakePath(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "gemini"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	bin := fakePath(t, "claude", "codex")
	c, err := Load(Options{Path: "relative:" + t.TempDir() + string(os.PathListSeparator) + bin,
		UserFile: filepath.Join(t.TempDir(), "missing.toml")})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.DefaultAgents, []string{"claude", "codex"}) || c.Consolidator != "claude" || len(c.Files) != 0 {
		t.Errorf("config = %+v", c)
	}
	if a := c.Agents["codex"]; a.Kind != Codex || !slices.Equal(a.Command, []string{filepath.Join(bin, "codex")}) {
		t.Errorf("codex = %+v", a)
	}
	if !slices.Contains(c.SecretEnv, "GH_TOKEN") {
		t.Errorf("secret_env = %q", c.SecretEnv)
	}

	c, err = Load(Options{Path: fakePath(t, "codex")})
	if err != nil || c.Consolidator != None || !slices.Equal(c.DefaultAgents, []string{"codex"}) {
		t.Errorf("without claude: %+v, %v", c, err)
	}
}

func TestPrecedence(t *testing.T) {
	bin := fakePath(t, "claude", "codex", "my-reviewer")
	user := writeConfig(t, `
default_agents = ["claude", "lint"]
secret_env = ["AWS_SECRET_ACCESS_KEY"]

[agents.claude]
model = "sonnet"
timeout = "10m"
env = { A = "1", B = "2" }

[agents.lint]
kind = "command"
command = ["my-reviewer", "--markdown"]
`)
	extra := writeConfig(t, `
consolidator = "none"
secret_env = ["GH_TOKEN", "NPM_TOKEN"]

[agents.claude]
model = "opus"
env = { B = "3" }
args = ["--verbose"]
`)
	c, err := Load(Options{Path: bin, UserFile: user, File: extra})
	if err != nil {
		t.Fatal(err)
	}
	claude := c.Agents["claude"]
	if claude.Model != "opus" || claude.Timeout != 10*time.Minute || claude.Env["A"] != "1" || claude.Env["B"] != "3" ||
		!slices.Equal(claude.Args, []string{"--verbose"}) || claude.Source != extra ||
		!slices.Equal(claude.Command, []string{filepath.Join(bin, "claude")}) {
		t.Errorf("claude = %+v", claude)
	}
	if !slices.Equal(c.DefaultAgents, []string{"claude", "lint"}) || c.Consolidator != None ||
		!slices.Equal(c.Files, []string{user, extra}) {
		t.Errorf("config = %+v", c)
	}
	if want := []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "AWS_SECRET_ACCESS_KEY", "NPM_TOKEN"}; !slices.Equal(c.SecretEnv, want) {
		t.Errorf("secret_env = %q, want %q", c.SecretEnv, want)
	}
	agents, err := c.Select(c.DefaultAgents)
	if err != nil {
		t.Fatal(err)
	}
	if lint := agents[1]; lint.Kind != Command || !slices.Equal(lint.Command, []string{filepath.Join(bin, "my-reviewer"), "--markdown"}) {
		t.Errorf("lint = %+v", lint)
	}
}

func TestSelect(t *testing.T) {
	user := writeConfig(t, "[agents.gemini]\nmodel = \"gemini-2.5-pro\"\n")
	c, err := Load(Options{Path: fakePath(t, "claude"), UserFile: user})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select([]string{"gemini"}); err == nil || !strings.Contains(err.Error(), "set agents.gemini.command") {
		t.Errorf("Select(gemini) error = %v", err)
	}
	if _, err := c.Select([]string{"nope"}); err == nil || !strings.Contains(err.Error(), `no agent "nope" (known: claude, gemini)`) {
		t.Errorf("Select(nope) error = %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown top key", "agnets = []\n", "unknown key agnets"},
		{"unknown agent key", "[agents.claude]\nmodle = \"x\"\n", "unknown key agents.claude.modle"},
		{"bad kind", "[agents.x]\nkind = \"copilot\"\ncommand = [\"x\"]\n", `agents.x.kind: "copilot" is not one of claude, codex, gemini, command`},
		{"bad duration", "[agents.claude]\ntimeout = \"5 minutes\"\n", `agents.claude.timeout: "5 minutes" is not a positive duration`},
		{"negative duration", "[agents.claude]\ntimeout = \"-5m\"\n", `agents.claude.timeout: "-5m" is not a positive duration`},
		{"timeout not a string", "[agents.claude]\ntimeout = 300\n", "timeout"},
		{"command not strings", "[agents.x]\nkind = \"command\"\ncommand = [\"a\", 1]\n", "element 1 is a int64"},
		{"command array for claude", "[agents.claude]\ncommand = [\"claude\", \"-p\"]\n", "agents.claude.command: for kind claude, give the program's path as a string"},
		{"command agent without command", "[agents.x]\nkind = \"command\"\n", "agents.x: a command agent needs command"},
		{"no kind", "[agents.x]\nmodel = \"m\"\n", "agents.x: kind is required"},
		{"bad name", "[agents.\"a b\"]\nkind = \"claude\"\n", `agents."a b": a name may only hold`},
		{"unknown default agent", "default_agents = [\"claude\", \"ghost\"]\n", `default_agents: no agent "ghost"`},
		{"duplicate default agent", "default_agents = [\"claude\", \"claude\"]\n", `"claude" listed twice`},
		{"unknown consolidator", "consolidator = \"ghost\"\n", `consolidator: no agent "ghost"`},
		{"bad env name", "[agents.claude]\nenv = { \"A=B\" = \"x\" }\n", `agents.claude.env: "A=B" is not a variable name`},
		{"env not string", "[agents.claude]\nenv = { A = 1 }\n", "env"},
		{"syntax", "default_agents = [\n", "config "},
	}
	bin := fakePath(t, "claude")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.text)
			_, err := Load(Options{Path: bin, File: p})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error = %v\nwant one naming %s and containing %q", err, p, tt.want)
			}
		})
	}
	if _, err := Load(Options{Path: bin, File: filepath.Join(t.TempDir(), "none.toml")}); err == nil {
		t.Error("missing --config file: no error")
	}
}

func TestUserFile(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := UserFile(env(map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"})); got != "/x/deepreview/config.toml" {
		t.Errorf("with XDG_CONFIG_HOME: %q", got)
	}
	if got := UserFile(env(map[string]string{"HOME": "/h"})); got != "/h/.config/deepreview/config.toml" {
		t.Errorf("with HOME: %q", got)
	}
	if got := UserFile(env(nil)); got != "" {
		t.Errorf("with nothing: %q", got)
	}
}
