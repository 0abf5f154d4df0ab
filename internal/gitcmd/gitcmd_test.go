package gitcmd

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Run(ctx, dir, "init", "-q", "-b", "main"); err != nil {
		t.Fatal(err)
	}
	out, err := Run(ctx, dir, "rev-parse", "--is-inside-work-tree")
	if err != nil || out != "true" {
		t.Fatalf("rev-parse = %q, %v; want true", out, err)
	}

	_, err = Run(ctx, dir, "rev-parse", "--verify", "-q", "no-such-ref")
	var gerr *Error
	if !errors.As(err, &gerr) {
		t.Fatalf("error %v (%T) is not *gitcmd.Error", err, err)
	}
	if gerr.ExitCode != 1 || !slices.Equal(gerr.Args, []string{"rev-parse", "--verify", "-q", "no-such-ref"}) {
		t.Errorf("got exit %d args %q", gerr.ExitCode, gerr.Args)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Errorf("Unwrap does not reach *exec.ExitError: %v", err)
	}

	_, err = Run(ctx, dir, "no-such-command")
	if !errors.As(err, &gerr) || !strings.Contains(gerr.Stderr, "not a git command") ||
		!strings.Contains(err.Error(), "git no-such-command:") {
		t.Errorf("error = %v, stderr %q", err, gerr.Stderr)
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, t.TempDir(), "version")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestEnviron(t *testing.T) {
	got := Environ([]string{"HOME=/h", "GIT_DIR=/elsewhere", "PAGER=less", "GIT_WORK_TREE=/w", "PATH=/bin"})
	want := []string{"HOME=/h", "PATH=/bin", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "PAGER=cat", "LC_ALL=C"}
	if !slices.Equal(got, want) {
		t.Errorf("Environ = %q, want %q", got, want)
	}
}
