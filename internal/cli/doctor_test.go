package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/sandbox"
)

// doctorEnv is an Env whose PATH holds fake CLIs written as shell scripts.
func doctorEnv(t *testing.T, scripts map[string]string) (Env, *bytes.Buffer, *bytes.Buffer, string) {
	bin := t.TempDir()
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	environ := []string{"PATH=" + bin + ":/usr/bin:/bin", "HOME=" + t.TempDir(), "GH_TOKEN=x"}
	var out, errOut bytes.Buffer
	return Env{
		Stdout: &out, Stderr: &errOut, Now: time.Now, Dir: t.TempDir(),
		Environ: func() []string { return environ },
		Getenv: func(k string) string {
			for _, kv := range environ {
				if v, ok := strings.CutPrefix(kv, k+"="); ok {
					return v
				}
			}
			return ""
		},
	}, &out, &errOut, bin
}

// sandboxOff is doctor's first line with --sandbox=off, which the table
// below uses so that its output is the same on every machine;
// TestDoctorSandbox checks the sandbox lines.
const sandboxOff = "sandbox  off (--sandbox=off): agents can read and write whatever the user can\n\n"

func TestDoctorSandbox(t *testing.T) {
	env, out, errOut, bin := doctorEnv(t, map[string]string{"claude": `echo "2.1.328 (Claude Code)"`})
	code := Main(t.Context(), []string{"doctor", "--agents", "claude"}, env)
	got := out.String()
	if !sandbox.Probe().Available() {
		if !strings.HasPrefix(got, "sandbox  none available") {
			t.Errorf("no sandbox here, and doctor does not say so:\n%s", got)
		}
		return
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"sandbox  " + sandbox.Probe().String() + "\n",
		"may run  " + bin,
		"may read the reviewed tree, the git objects it borrows\n",
		"may write its scratch folder (HOME, TMPDIR)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("doctor lacks %q:\n%s", want, got)
		}
	}
}

func TestDoctor(t *testing.T) {
	scripts := map[string]string{
		// the version goes through the filtered environment: no GH_TOKEN
		"claude": `[ "$1" = --version ] && echo "2.1.328 (Claude Code)${GH_TOKEN:+ leaked}"`,
		"codex":  `echo "codex: broken install" >&2; exit 1`,
	}
	tests := []struct {
		name     string
		args     []string
		scripts  map[string]string
		code     int
		out, err string
	}{
		{
			name: "all known agents", scripts: scripts, code: 0,
			out: sandboxOff + `claude  $BIN/claude
        version  2.1.328 (Claude Code)
        argv     $BIN/claude -p --output-format stream-json --verbose --setting-sources user --strict-mcp-config --disable-slash-commands --permission-mode default --allowedTools 'Read,Grep,Glob,LS,Bash(git diff:*),Bash(git log:*),Bash(git show:*),Bash(git status:*),Bash(git blame:*),Bash(git grep:*),Bash(git ls-files:*),Bash(git rev-parse:*),Bash(rg:*),Bash(grep:*),Bash(ls:*),Bash(wc:*)' --disallowedTools 'Edit,MultiEdit,Write,NotebookEdit,WebFetch,WebSearch,Bash(*--output*),Bash(git grep *-O*),Bash(*--open-files-in-pager*),Bash(rg *--pre*)'
codex   $BIN/codex
        error    $BIN/codex --version: exit status 1: codex: broken install
        argv     $BIN/codex exec --json --color never --sandbox read-only -c 'shell_environment_policy.inherit="core"' -c shell_environment_policy.ignore_default_excludes=false -c 'shell_environment_policy.exclude=["*KEY*","*TOKEN*","*SECRET*","*PASSWORD*","*CREDENTIAL*"]' --skip-git-repo-check -
gemini  not found on PATH

default agents  claude, codex
consolidator    claude
config files    none
`,
		},
		{
			name: "a named agent that is not ready", args: []string{"--agents", "claude,codex"}, scripts: scripts, code: 1,
			err: "deepreview: not ready: codex\n",
		},
		{
			name: "unknown agent", args: []string{"--agents", "cursor"}, code: 2,
			err: "deepreview: doctor: unknown agent \"cursor\" (known: claude, codex, gemini)\n",
		},
		{
			name: "a configured command agent", args: []string{"--config", "$CONFIG"}, code: 0,
			out: sandboxOff + "claude  not found on PATH\ncodex   not found on PATH\ngemini  not found on PATH\n" +
				"lint    /bin/sh\n        argv     /bin/sh -c 'my-linter --review'\n\n" +
				"default agents  lint\nconsolidator    none (consolidation by code alone)\nconfig files    $CONFIG\n",
		},
		{
			name: "nothing installed", code: 1,
			out: sandboxOff + "claude  not found on PATH\ncodex   not found on PATH\ngemini  not found on PATH\n\n" +
				"default agents  none\nconsolidator    none (consolidation by code alone)\nconfig files    none\n",
			err: "deepreview: no agent is ready: install claude, codex, gemini, or configure a command agent\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, out, errOut, bin := doctorEnv(t, tt.scripts)
			cfg := filepath.Join(t.TempDir(), "config.toml")
			os.WriteFile(cfg, []byte("default_agents = [\"lint\"]\n[agents.lint]\nkind = \"command\"\ncommand = [\"/bin/sh\", \"-c\", \"my-linter --review\"]\n"), 0o644)
			args := append([]string{"doctor", "--sandbox", "off"}, tt.args...)
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "$CONFIG", cfg)
			}
			code := Main(t.Context(), args, env)
			got := strings.ReplaceAll(strings.ReplaceAll(out.String(), bin, "$BIN"), cfg, "$CONFIG")
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut.String())
			}
			if tt.out != "" && got != tt.out {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.out)
			}
			if errOut.String() != tt.err {
				t.Errorf("stderr %q, want %q", errOut.String(), tt.err)
			}
		})
	}
}

func TestShellJoin(t *testing.T) {
	got := shellJoin([]string{"/bin/claude", "-p", "Bash(git diff:*)", "it's", "", `{"a":1}`})
	want := `/bin/claude -p 'Bash(git diff:*)' 'it'\''s' '' '{"a":1}'`
	if got != want {
		t.Errorf("shellJoin = %s, want %s", got, want)
	}
}
