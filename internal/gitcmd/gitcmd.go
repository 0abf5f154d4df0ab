package gitcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Error is a git command that could not run or exited with a non-zero code.
type Error struct {
	Dir      string
	Args     []string
	ExitCode int    // -1 when git did not run or was killed
	Stderr   string // trimmed
	Err      error  // the underlying *exec.ExitError, context error, …
}

func (e *Error) Error() string {
	msg := e.Stderr
	if msg == "" {
		msg = e.Err.Error()
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i] // git's first line says what went wrong; the rest is hints
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Run runs git with args in dir and returns its stdout with trailing
// newlines removed. Use Output when the exact bytes matter.
func Run(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := Output(ctx, dir, args...)
	return strings.TrimRight(string(out), "\n"), err
}

// Output runs git with args in dir and returns its stdout unchanged.
func Output(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return output(ctx, dir, nil, args)
}

// isolatedEnv keeps the system's and the user's git configuration out.
var isolatedEnv = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"}

// RunIsolated runs git like Run, without the system's and the user's
// configuration: for repositories deepreview makes itself, where none of
// the user's hooks, filters, fsmonitor or templates has any business
// running on files a stranger wrote.
func RunIsolated(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := output(ctx, dir, isolatedEnv, args)
	return strings.TrimRight(string(out), "\n"), err
}

// OutputIsolated is RunIsolated with stdout unchanged.
func OutputIsolated(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return output(ctx, dir, isolatedEnv, args)
}

// Stream runs git like Output, with its stdout written to w as it comes:
// for output too large to hold (the diff of a big change).
func Stream(ctx context.Context, dir string, w io.Writer, args ...string) error {
	_, err := run(ctx, dir, nil, w, args)
	return err
}

func output(ctx context.Context, dir string, extra, args []string) ([]byte, error) {
	var stdout bytes.Buffer
	return run(ctx, dir, extra, &stdout, args)
}

func run(ctx context.Context, dir string, extra []string, stdout io.Writer, args []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(Environ(os.Environ()), extra...)
	var stderr bytes.Buffer
	cmd.Stdout = stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	out := func() []byte {
		if b, ok := stdout.(*bytes.Buffer); ok {
			return b.Bytes()
		}
		return nil
	}
	if err == nil {
		return out(), nil
	}
	e := &Error{Dir: dir, Args: args, ExitCode: -1, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		e.ExitCode = exit.ExitCode()
	}
	if ctx.Err() != nil {
		e.Err = fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return out(), e
}

// repoVars point git at another repository; inherited from a git hook or an
// editor they would make every command act on the wrong repository.
var repoVars = map[string]bool{
	"GIT_DIR": true, "GIT_WORK_TREE": true, "GIT_INDEX_FILE": true,
	"GIT_OBJECT_DIRECTORY": true, "GIT_ALTERNATE_OBJECT_DIRECTORIES": true,
	"GIT_COMMON_DIR": true, "GIT_NAMESPACE": true, "GIT_PREFIX": true,
}

// Environ returns the environment for git built from base (usually
// os.Environ()): no variables that redirect git to another repository, no
// credential prompts on the terminal (helpers still work), no pager, and untranslated messages so that
// stderr can be matched.
func Environ(base []string) []string {
	env := make([]string, 0, len(base)+5)
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case repoVars[name], name == "GIT_TERMINAL_PROMPT", name == "GIT_PAGER",
			name == "PAGER", name == "LC_ALL":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_TERMINAL_PROMPT=0",
		"GIT_PAGER=cat",
		"PAGER=cat",
		"LC_ALL=C",
	)
}
