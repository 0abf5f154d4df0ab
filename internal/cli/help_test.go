package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// runMain runs deepreview in-process with an empty environment.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			return map[string]string{"HOME": t.TempDir(), "DEEPREVIEW_HOME": t.TempDir()}[k]
		},
		Environ: func() []string { return nil }, Now: time.Now, Dir: t.TempDir(),
	}
	code := Main(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// TestCommandHelp checks each command's help: 'help CMD' and 'CMD -h'
// print the same text on stdout, with its flags and examples, and exit 0.
func TestCommandHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runMain(t, "help", c.name)
			if code != 0 || errOut != "" {
				t.Fatalf("help %s: exit %d, stderr %q", c.name, code, errOut)
			}
			if !strings.HasPrefix(out, "deepreview "+c.name+": "+c.summary+"\n") || !strings.Contains(out, "usage: deepreview "+c.name) {
				t.Errorf("help %s does not open with its summary and usage:\n%s", c.name, out)
			}
			if !strings.Contains(out, "\nExamples:\n  ") {
				t.Errorf("help %s has no examples:\n%s", c.name, out)
			}
			for _, h := range []string{"-h", "--help"} {
				code2, out2, err2 := runMain(t, c.name, h)
				if code2 != 0 || out2 != out || err2 != "" {
					t.Errorf("%s %s: exit %d, stderr %q, stdout differs from 'help %s': %v", c.name, h, code2, err2, c.name, out2 != out)
				}
			}
		})
	}
}

func TestEveryCommandHasExamples(t *testing.T) {
	for _, c := range commands() {
		for _, e := range examples(c.name) {
			if !strings.Contains(e, "deepreview "+c.name) {
				t.Errorf("example of %s does not run it: %q", c.name, e)
			}
		}
		if len(examples(c.name)) == 0 {
			t.Errorf("%s has no examples", c.name)
		}
	}
}

// TestHelpTopLevel checks 'help' and 'help UNKNOWN'.
func TestHelpTopLevel(t *testing.T) {
	code, out, _ := runMain(t, "help")
	if code != 0 || !strings.Contains(out, "Commands:") || !strings.Contains(out, "completion") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	code, out, errOut := runMain(t, "help", "nope")
	if code != 2 || out != "" || errOut != "deepreview: help: unknown command \"nope\"\n" {
		t.Errorf("help nope: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestUsageErrorOnce checks that a usage error is printed once and
// nothing on stdout; a flag error points to the help. Go's flag package prints the
// error and the whole usage itself unless its output is silenced; the
// flag set below is what deepreview had, and shows it.
func TestUsageErrorOnce(t *testing.T) {
	for _, tt := range []struct {
		args []string
		hint bool
	}{
		{[]string{"review", "--bogus"}, true},
		{[]string{"list", "-all=maybe"}, true},
		{[]string{"review", "--fail-on", "sometimes"}, false},
		{[]string{"show", "--format", "pdf"}, false},
		{[]string{"completion", "tcsh"}, false},
		{[]string{"publish"}, false},
	} {
		code, out, errOut := runMain(t, tt.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		want := 1
		if tt.hint {
			want = 2
		}
		if code != 2 || out != "" || len(lines) != want || !strings.HasPrefix(lines[0], "deepreview: "+tt.args[0]+": ") ||
			tt.hint && lines[1] != "run 'deepreview help "+tt.args[0]+"' for usage" {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s", tt.args, code, out, errOut)
		}
	}
	// What the flag package does left to itself: the error, then usage.
	var errb bytes.Buffer
	fs := newFlags("review", reviewUsage, Env{Stdout: &errb})
	fs.SetOutput(&errb)
	fs.Usage = func() { errb.WriteString("usage: …\n") }
	fs.Bool("post", false, "")
	_ = fs.Parse([]string{"--bogus"})
	if !strings.Contains(errb.String(), "flag provided but not defined") || !strings.Contains(errb.String(), "usage:") {
		t.Errorf("the flag package printed %q", errb.String())
	}
}

// TestExitCodesDocumented keeps the README's table of exit codes in step
// with the code.
func TestExitCodesDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"| 0 |", "| 1 |", "| 2 |", "| 3 |"} {
		if !bytes.Contains(readme, []byte(row)) {
			t.Errorf("README has no exit code row %q", row)
		}
	}
}
