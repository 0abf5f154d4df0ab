package agent

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAgent is the fake CLI built from testdata/fakeagent by TestMain.
var fakeAgent string

func TestMain(m *testing.M) {
	if out := os.Getenv("AGENT_TEST_FLOOD"); out != "" {
		os.Exit(flood(out))
	}
	dir, err := os.MkdirTemp("", "fakeagent")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fakeAgent = filepath.Join(dir, "fakeagent")
	build := exec.Command("go", "build", "-o", fakeAgent, "./testdata/fakeagent")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build fakeagent:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testEnviron is the parent environment of the agents in these tests: a
// few variables of each kind, without anything of the test process.
func testEnviron(t *testing.T) []string {
	return []string{
		"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "LANG=C.UTF-8",
		"GH_TOKEN=forge", "GITHUB_TOKEN=forge", "ANTHROPIC_API_KEY=a", "MY_SECRET_KEY=s",
		"OPENAI_API_KEY=o", "DATABASE_URL=postgres://x",
	}
}

// fake returns a Job running the fake agent as kind in mode.
func fake(t *testing.T, name, kind, mode string, timeout time.Duration) Job {
	return Job{
		Spec: Spec{
			Name: name, Kind: kind, Command: []string{fakeAgent}, Timeout: timeout,
			Env: map[string]string{"FAKE_MODE": mode, "FAKE_MARK": t.Name()},
		},
		Prompt: "Review this change.\n" + strings.Repeat("diff line\n", 20000), // 200 KiB: over one argv's limit
		Dir:    t.TempDir(),
		OutDir: filepath.Join(t.TempDir(), name),
	}
}

func TestRunAll(t *testing.T) {
	jobs := []Job{
		fake(t, "review", Claude, "review", time.Minute),
		fake(t, "crash", Claude, "crash", time.Minute),
		fake(t, "hang", Claude, "hang", 500*time.Millisecond),
		fake(t, "bigline", Claude, "bigline", time.Minute),
		fake(t, "grandchild", Claude, "grandchild", time.Minute),
		fake(t, "grandchild-hang", Claude, "grandchild-hang", 500*time.Millisecond),
		fake(t, "garbage", Claude, "garbage", time.Minute),
		fake(t, "error", Claude, "error", time.Minute),
		fake(t, "command", Command, "command", time.Minute),
		{Spec: Spec{Name: "missing", Kind: Codex, Command: []string{"/no/such/codex"}}, OutDir: t.TempDir()},
		{Spec: Spec{Name: "invalid", Kind: "cursor", Command: []string{"x"}}, OutDir: t.TempDir()},
	}
	rec := &recorder{}
	r := &Runner{Environ: testEnviron(t), Grace: 300 * time.Millisecond}
	results := r.RunAll(t.Context(), jobs, rec.observe)

	prompt := []byte(jobs[0].Prompt)
	tests := []struct {
		review, err, stderr string
		code, tools         int
		// loose: the transcript's error text is the decoder's to word,
		// so only the start of err is checked and review is not
		loose bool
	}{
		{review: fmt.Sprintf("## Summary\nprompt %d bytes sha256 %x\n", len(prompt), sha256.Sum256(prompt)), tools: 3},
		{err: "exit status 3", stderr: "fakeagent: boom\n", code: 3},
		{err: "timeout after 500ms", code: -1, tools: 1},
		{review: "## Summary\nafter a big line\n", tools: 1},
		{review: "## Summary\nleft a child behind\n"},
		{review: "## Summary\nleft a child behind\n", err: "timeout after 500ms", code: -1},
		{err: "no result event"},
		{err: "exit status 1: ", code: 1, loose: true},
		{review: fmt.Sprintf("## Summary\nA command agent read %d bytes.\n", len(prompt))},
		{err: "agent missing: /no/such/codex: stat /no/such/codex: no such file or directory", code: -1},
		{err: `agent invalid: unknown kind "cursor" (want claude, codex, gemini or command)`, code: -1},
	}
	for i, tt := range tests {
		res := results[i]
		t.Run(res.Name, func(t *testing.T) {
			if res.Name != jobs[i].Spec.Name || res.Kind != jobs[i].Spec.Kind {
				t.Errorf("result %d is %s/%s, want %s", i, res.Name, res.Kind, jobs[i].Spec.Name)
			}
			if tt.loose && strings.HasPrefix(res.Err, tt.err) {
				res.Review, res.Err = tt.review, tt.err
			}
			if res.Review != tt.review || res.Err != tt.err || res.ExitCode != tt.code {
				t.Errorf("got review %.60q err %q code %d\nwant review %.60q err %q code %d",
					res.Review, res.Err, res.ExitCode, tt.review, tt.err, tt.code)
			}
			if res.Metrics.ToolCalls.Total != tt.tools {
				t.Errorf("tool calls %d, want %d", res.Metrics.ToolCalls.Total, tt.tools)
			}
			if tt.stderr != "" && res.StderrTail != tt.stderr {
				t.Errorf("stderr tail %q, want %q", res.StderrTail, tt.stderr)
			}
			if res.PID == 0 {
				return // never started
			}
			checkFiles(t, jobs[i], res)
			if got := rec.kinds(res.Name); !slices.Equal(got, rec.want(tt.tools)) {
				t.Errorf("events %v, want %v", got, rec.want(tt.tools))
			}
			assertGroupGone(t, res.PID)
		})
	}
	assertMarkGone(t, t.Name())
	if !strings.Contains(results[0].StderrTail, `argv ["-p","--output-format","stream-json"`) {
		t.Errorf("the fake did not get the adapter's argv: %q", results[0].StderrTail)
	}
}

// checkFiles checks what a started run leaves in its OutDir.
func checkFiles(t *testing.T, job Job, res Result) {
	t.Helper()
	prompt, err := os.ReadFile(filepath.Join(job.OutDir, PromptFile))
	if err != nil || string(prompt) != job.Prompt {
		t.Errorf("prompt file: %v (%d bytes)", err, len(prompt))
	}
	for _, p := range []string{res.TranscriptPath, res.StderrPath} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	if res.DurationMS < 0 || res.Ended.Before(res.Started) || res.Metrics.DurationMS == 0 {
		t.Errorf("durations: %d ms, metrics %d ms, %v–%v", res.DurationMS, res.Metrics.DurationMS, res.Started, res.Ended)
	}
}

func TestRunAllCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	jobs := []Job{
		fake(t, "a", Claude, "hang", time.Minute),
		fake(t, "b", Claude, "grandchild-hang", time.Minute),
		fake(t, "c", Command, "sleep", time.Minute),
	}
	jobs[2].Spec.Env["FAKE_SLEEP"] = "1h"
	var started sync.WaitGroup
	started.Add(len(jobs))
	obs := func(e Event) {
		if e.Kind == Started {
			started.Done()
		}
	}
	go func() {
		started.Wait()
		time.Sleep(100 * time.Millisecond) // let them write something
		cancel()
	}()
	r := &Runner{Environ: testEnviron(t), Grace: 300 * time.Millisecond}
	for i, res := range r.RunAll(ctx, jobs, obs) {
		if res.Err != "canceled" {
			t.Errorf("%s: err %q, want canceled", res.Name, res.Err)
		}
		if i < 2 { // what was written before the cancel is kept
			b, _ := os.ReadFile(res.TranscriptPath)
			if !bytes.Contains(b, []byte(`"type":`)) {
				t.Errorf("%s: transcript lost: %q", res.Name, b)
			}
		}
		assertGroupGone(t, res.PID)
	}
	assertMarkGone(t, t.Name())
}

func TestRunEnv(t *testing.T) {
	job := fake(t, "env", Claude, "env", time.Minute)
	job.Spec.Env["EXTRA"] = "yes"
	job.Schema = []byte(`{"type":"object"}`)
	r := &Runner{Environ: testEnviron(t), Secrets: []string{"MY_SECRET_KEY", "ANTHROPIC_API_KEY"}}
	job.Scratch = t.TempDir()
	res := r.Run(t.Context(), job, nil)
	got := strings.Split(res.Review, "\n")
	slices.Sort(got)
	// The agent's home, TMPDIR and XDG folders are in its scratch folder,
	// with a copy of its CLI's configuration: never the user's own.
	home := filepath.Join(job.Scratch, "home")
	want := []string{
		"CLAUDE_CONFIG_DIR=" + filepath.Join(home, ".claude"),
		"DEEPREVIEW_SCHEMA_FILE=" + filepath.Join(job.Scratch, SchemaFile), "EXTRA=yes",
		"FAKE_MARK=" + t.Name(), "FAKE_MODE=env", "HOME=" + home,
		"LANG=C.UTF-8", "PATH=/usr/bin:/bin", "TMPDIR=" + filepath.Join(job.Scratch, "tmp"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"), "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("agent environment:\n got %q\nwant %q", got, want)
	}
}

func TestRunAllDuplicateOutDir(t *testing.T) {
	a := fake(t, "a", Command, "command", time.Minute)
	b := fake(t, "b", Command, "command", time.Minute)
	b.OutDir = a.OutDir + "/."
	results := (&Runner{Environ: testEnviron(t)}).RunAll(t.Context(), []Job{a, b}, nil)
	if results[0].Err != "" || !strings.Contains(results[1].Err, "already used by a") {
		t.Errorf("errors %q and %q, want only the second to fail", results[0].Err, results[1].Err)
	}
}

// recorder keeps the events of every agent.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) observe(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// kinds lists agent's events as "started", "tool N", "finished".
func (r *recorder) kinds(agent string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var got []string
	for _, e := range r.events {
		if e.Agent != agent {
			continue
		}
		got = append(got, [...]string{"started", "tool", "finished"}[e.Kind])
		if e.Kind == Tool {
			got[len(got)-1] += " " + strconv.Itoa(e.Tools)
		}
	}
	return got
}

func (r *recorder) want(tools int) []string {
	want := []string{"started"}
	for i := 1; i <= tools; i++ {
		want = append(want, "tool "+strconv.Itoa(i))
	}
	return append(want, "finished")
}

func writeExe(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}
