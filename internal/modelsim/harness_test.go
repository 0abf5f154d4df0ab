//go:build unix

package modelsim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// This file holds the helpers of the TestRealAgents tests: finding the
// installed CLIs, building a real git repository, running a CLI as its own
// process group with a deadline, and reading its JSONL transcript.

// agentBin returns the path of an installed agent CLI (see AgentBin).
func agentBin(t *testing.T, name string) string { return AgentBin(t, name) }

// gitRepo is a real repository with a change to review: main has the
// base commit, branch feature (checked out) adds a commit on top.
type gitRepo struct {
	Dir  string
	Base string // merge-base of feature and main
}

func newGitRepo(t *testing.T) gitRepo {
	t.Helper()
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
			"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("calc.go", "package calc\n\n// Add returns a+b.\nfunc Add(a, b int) int { return a + b }\n")
	write("README.md", "# calc\n\nSmall arithmetic helpers.\n")
	git("add", ".")
	git("commit", "-q", "-m", "calc: Add")
	git("checkout", "-q", "-b", "feature")
	write("calc.go", "package calc\n\n// Add returns a+b.\nfunc Add(a, b int) int { return a + b }\n\n// Div returns a/b.\nfunc Div(a, b int) int { return a / b }\n")
	git("commit", "-q", "-am", "calc: Div")
	return gitRepo{Dir: dir, Base: git("merge-base", "feature", "main")}
}

// status is `git status --porcelain --ignored` of the repository: a
// read-only review must leave it empty (ignored files count too, since an
// agent's state files must not land in the user's tree).
func (g gitRepo) status(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("git", "status", "--porcelain", "--ignored")
	cmd.Dir = g.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git status: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// runResult is what one CLI run left behind.
type runResult struct {
	Stdout, Stderr string
	Exit           int // -1 when killed
	Killed         bool
	Took           time.Duration
	// AfterStall is how long the CLI ran after the server stalled its
	// stream (zero when nothing stalled).
	AfterStall time.Duration
}

// runLimits bound one CLI run: a deadline, and a shorter grace once the
// server stalls a stream (a CLI without an idle timeout would otherwise
// wait for the whole deadline).
type runLimits struct {
	Timeout time.Duration
	Stalled <-chan struct{}
	Grace   time.Duration
}

// runAgent runs a CLI in dir with stdin and the exact env given. The CLI
// runs in its own process group, killed whole at the limit and after exit:
// agents leave node and shell children behind.
func runAgent(t *testing.T, lim runLimits, dir, stdin string, env []string, bin string, args ...string) runResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	var stalledAt time.Time
	stallDone := make(chan struct{})
	go func() {
		defer close(stallDone)
		select {
		case <-lim.Stalled:
			stalledAt = time.Now()
		case <-ctx.Done():
			return
		}
		select {
		case <-time.After(lim.Grace):
			cancel()
		case <-ctx.Done():
		}
	}()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	end := time.Now()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	killed := ctx.Err() != nil
	cancel()
	<-stallDone
	res := runResult{Stdout: stdout.String(), Stderr: stderr.String(), Took: end.Sub(start), Killed: killed}
	if !stalledAt.IsZero() {
		res.AfterStall = end.Sub(stalledAt)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.Exit = ee.ExitCode()
	default:
		t.Fatalf("run %s: %v", bin, err)
	}
	return res
}

// baseEnv is the environment every CLI run starts from: nothing of the
// test process's own environment but PATH (node, git, bash), so no real
// key or config can leak in, and a HOME of its own.
func baseEnv(home string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"LANG=C.UTF-8",
		"TERM=dumb",
		"NO_COLOR=1",
		"TMPDIR=" + os.TempDir(),
	}
}

// jsonLines decodes the JSON objects of a JSONL transcript, skipping lines
// that are not objects (the CLIs print stray text at times).
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			lines = append(lines, m)
		}
	}
	return lines
}

// get walks a decoded JSON value by keys; it returns nil when a key is
// missing.
func get(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// logRequests logs the server's request log, for reading what a CLI did.
func logRequests(t *testing.T, s *Server) {
	t.Helper()
	for i, r := range s.Requests() {
		t.Logf("req %d: %s %s family=%s kind=%s model=%s stream=%v step=%d answer=%s tools=%d ua=%q note=%q digest=%s",
			i, r.Method, r.Path, r.Family, r.Kind, r.Model, r.Stream, r.Step, r.Answer, len(r.Tools), r.UserAgent, r.Note, r.Digest)
	}
}

// turnUsage sums the usage the server reported in a family's answers.
func turnUsage(s *Server, f Family) Usage {
	var u Usage
	for _, r := range s.Requests() {
		if r.Family == f {
			u = u.Add(r.Usage)
		}
	}
	return u
}
