package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// shell returns the path of a shell, or skips the test (fails it in CI,
// where .ci/run installs every shell).
func shell(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run installs it", name)
	}
	t.Skipf("%s not installed (apt-get install %s): its completion script is not run", name, name)
	return ""
}

// script writes deepreview's completion script for sh to a file.
func script(t *testing.T, sh string) string {
	t.Helper()
	code, out, errOut := runMain(t, "completion", sh)
	if code != 0 || errOut != "" {
		t.Fatalf("completion %s: exit %d: %s", sh, code, errOut)
	}
	f := filepath.Join(t.TempDir(), "deepreview."+sh)
	if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func runShell(t *testing.T, sh string, args ...string) string {
	t.Helper()
	cmd := exec.Command(sh, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", sh, args, err, out)
	}
	return string(out)
}

// TestCompletionModel checks that the model is the command table with each
// command's own flags: nothing listed twice by hand.
func TestCompletionModel(t *testing.T) {
	cmds := completionModel(t.Context())
	if len(cmds) != len(commands()) {
		t.Fatalf("%d commands in the model, %d in the table", len(cmds), len(commands()))
	}
	byName := map[string]compCommand{}
	for _, c := range cmds {
		byName[c.name] = c
	}
	flags := func(name string) []string {
		var n []string
		for _, f := range byName[name].flags {
			n = append(n, f.name)
		}
		return n
	}
	for _, want := range []string{"agents", "fail-on", "format", "post", "sandbox", "github-output"} {
		if !slices.Contains(flags("review"), want) {
			t.Errorf("review flags %v lack %s", flags("review"), want)
		}
	}
	for _, f := range byName["review"].flags {
		switch f.name {
		case "fail-on":
			if !slices.Equal(f.choices, []string{"never", "fixes", "rework"}) {
				t.Errorf("--fail-on choices %v", f.choices)
			}
		case "post":
			if f.value {
				t.Error("--post takes no value")
			}
		}
	}
	if !slices.Equal(byName["completion"].args, []string{"bash", "zsh", "fish"}) {
		t.Errorf("completion args %v", byName["completion"].args)
	}
}

func TestChoices(t *testing.T) {
	for _, tt := range []struct {
		usage string
		want  []string
	}{
		{"output format: md, json or sarif", []string{"md", "json", "sarif"}},
		{"confine agents: auto (when the OS can), require (refuse, really) or off (no)", []string{"auto", "require", "off"}},
		{"agent CLI that wrote the transcript: claude, codex, gemini", []string{"claude", "codex", "gemini"}},
		{"configuration file on top of the user's", nil},
		{"NAME=LABEL: the agent's display name, e.g. claude='Claude Opus 4.6' (repeatable)", nil},
		{"output: json", nil},
	} {
		if got := choices(tt.usage); !slices.Equal(got, tt.want) {
			t.Errorf("choices(%q) = %v, want %v", tt.usage, got, tt.want)
		}
	}
}

// TestBashCompletion runs the bash script's completion function as bash's
// completion does, word by word.
func TestBashCompletion(t *testing.T) {
	bash := shell(t, "bash")
	f := script(t, "bash")
	complete := func(words ...string) []string {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = shQuote(w)
		}
		prog := "source " + shQuote(f) + "; COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "; _deepreview; printf '%s\\n' \"${COMPREPLY[@]}\"; complete -p deepreview"
		lines := strings.Split(strings.TrimSpace(runShell(t, bash, "-c", prog)), "\n")
		if !strings.Contains(lines[len(lines)-1], "-F _deepreview deepreview") {
			t.Fatalf("the completion is not registered: %q", lines[len(lines)-1])
		}
		return slices.DeleteFunc(lines[:len(lines)-1], func(s string) bool { return s == "" })
	}
	for _, tt := range []struct {
		words []string
		want  []string
	}{
		{[]string{"deepreview", "re"}, []string{"review", "resolve", "render"}},
		{[]string{"deepreview", "review", "--fa"}, []string{"--fail-on"}},
		{[]string{"deepreview", "review", "--fail-on", ""}, []string{"never", "fixes", "rework"}},
		{[]string{"deepreview", "show", "--format", "h"}, []string{"html"}},
		{[]string{"deepreview", "completion", "z"}, []string{"zsh"}},
		{[]string{"deepreview", "help", "pu"}, []string{"publish"}},
		{[]string{"deepreview", "review", "--config", ""}, nil}, // files, by -o default
	} {
		if got := complete(tt.words...); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.words, got, tt.want)
		}
	}
}

// TestFishCompletion asks fish itself what it completes.
func TestFishCompletion(t *testing.T) {
	fish := shell(t, "fish")
	f := script(t, "fish")
	complete := func(line string) []string {
		out := runShell(t, fish, "--no-config", "-c", "source "+shQuote(f)+"; complete -C "+shQuote(line))
		var words []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			w, _, _ := strings.Cut(l, "\t")
			words = append(words, w)
		}
		return words
	}
	if got := complete("deepreview rev"); !slices.Equal(got, []string{"review"}) {
		t.Errorf("deepreview rev: %q", got)
	}
	if got := complete("deepreview review --fail"); !slices.Equal(got, []string{"--fail-on"}) {
		t.Errorf("deepreview review --fail: %q", got)
	}
	if got := complete("deepreview review --fail-on "); !slices.Equal(got, []string{"fixes", "never", "rework"}) {
		t.Errorf("deepreview review --fail-on: %q", got)
	}
	if got := complete("deepreview list --"); !slices.Equal(got, []string{"--all", "--format"}) {
		t.Errorf("deepreview list --: %q", got)
	}
}

// TestZshCompletion checks the script's syntax with zsh and runs its
// function with zsh's completion helpers replaced by ones that print what
// they are given.
func TestZshCompletion(t *testing.T) {
	zsh := shell(t, "zsh")
	f := script(t, "zsh")
	runShell(t, zsh, "-n", f)
	stubs := `compdef() { print -r -- "compdef $*" }
_describe() { print -rl -- "${(@P)${@[-1]}}" }
_arguments() { print -rl -- "$@" }
source ` + shQuote(f) + "\n"
	out := runShell(t, zsh, "-f", "-c", stubs+`words=(deepreview re); CURRENT=2; _deepreview`)
	if !strings.Contains(out, "compdef _deepreview deepreview") || !strings.Contains(out, "review:review a pull request") {
		t.Errorf("commands:\n%s", out)
	}
	out = runShell(t, zsh, "-f", "-c", stubs+`words=(deepreview review --fail-on ''); CURRENT=4; _deepreview`)
	if !strings.Contains(out, "--fail-on[") || !strings.Contains(out, ":fail-on:(never fixes rework)") || !strings.Contains(out, "--post[") {
		t.Errorf("review:\n%s", out)
	}
	out = runShell(t, zsh, "-f", "-c", stubs+`words=(deepreview completion ''); CURRENT=3; _deepreview`)
	if strings.TrimSpace(out) != "compdef _deepreview deepreview\n1:completion:(bash zsh fish)" {
		t.Errorf("completion:\n%s", out)
	}
}
