package proc

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var shEnv = []string{"PATH=/usr/bin:/bin"}

// groupMembers lists the live (not zombie) processes in group pgid.
func groupMembers(pgid int) []int {
	var pids []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parens
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// assertGroupGone fails if any process of group pgid is still alive a
// moment after Run returned (SIGKILL is delivered asynchronously).
func assertGroupGone(t *testing.T, pgid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := groupMembers(pgid)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes of group %d still alive: %v", pgid, left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		script     string
		timeout    time.Duration
		cancel     bool // cancel the context once the child runs
		wantReason string
		wantCode   int
		wantOut    string
		wantErr    string
	}{
		{name: "success", script: "echo out; echo err >&2", wantOut: "out\n", wantErr: "err\n"},
		{name: "exit status", script: "echo boom >&2; exit 3", wantReason: "exit status 3", wantCode: 3, wantErr: "boom\n"},
		{name: "killed by a signal", script: "kill -9 $$", wantReason: "killed by signal 9 (killed)", wantCode: -1},
		{name: "environment is only what was given", script: `echo "${HOME-unset} $PATH"`, wantOut: "unset /usr/bin:/bin\n"},
		{
			// the grandchild keeps stdout open after its parent exited
			name: "grandchild holding stdout after success", script: "sleep 60 & echo done",
			wantOut: "done\n",
		},
		{
			// both ignore SIGTERM: only SIGKILL after the grace ends them
			name: "timeout with a grandchild ignoring SIGTERM", timeout: 300 * time.Millisecond,
			script:     `trap "" TERM; sleep 60 & echo started; wait; wait`,
			wantReason: "timeout after 300ms", wantCode: -1, wantOut: "started\n",
		},
		{
			name: "cancel", cancel: true, script: `trap "" TERM; sleep 60 & echo started; wait; wait`,
			wantReason: "canceled", wantCode: -1, wantOut: "started\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var out, errOut bytes.Buffer
			c := Cmd{
				Argv: []string{"sh", "-c", tt.script}, Env: shEnv, Stdout: &out, Stderr: &errOut,
				Timeout: tt.timeout, Grace: 200 * time.Millisecond,
			}
			if tt.cancel {
				c.Started = func(int) { time.AfterFunc(200*time.Millisecond, cancel) }
			}
			exit, err := Run(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if got := exit.Reason(); got != tt.wantReason {
				t.Errorf("Reason() = %q, want %q", got, tt.wantReason)
			}
			if exit.Code != tt.wantCode {
				t.Errorf("Code = %d, want %d", exit.Code, tt.wantCode)
			}
			if out.String() != tt.wantOut || errOut.String() != tt.wantErr {
				t.Errorf("stdout %q stderr %q, want %q and %q", out.String(), errOut.String(), tt.wantOut, tt.wantErr)
			}
			if exit.Ended.Before(exit.Started) || exit.PID <= 0 {
				t.Errorf("bad exit facts: %+v", exit)
			}
			assertGroupGone(t, exit.PID)
		})
	}
}

func TestRunStdinAndDir(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	exit, err := Run(t.Context(), Cmd{
		Argv: []string{"sh", "-c", "pwd; wc -c"}, Env: shEnv, Dir: dir,
		Stdin: strings.NewReader(strings.Repeat("p", 300<<10)), Stdout: &out, Stderr: &out,
	})
	if err != nil || exit.Reason() != "" {
		t.Fatalf("Run: %v %+v", err, exit)
	}
	if want := dir + "\n307200\n"; strings.ReplaceAll(out.String(), " ", "") != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestRunNotStarted(t *testing.T) {
	tests := []struct {
		name string
		c    Cmd
		want error
	}{
		{"not on the child's PATH", Cmd{Argv: []string{"sh"}, Env: []string{"PATH=" + t.TempDir()}}, ErrNotFound},
		{"no PATH at all", Cmd{Argv: []string{"sh"}}, ErrNotFound},
		{"missing path", Cmd{Argv: []string{"/no/such/prog"}, Env: shEnv}, os.ErrNotExist},
		{"bad dir", Cmd{Argv: []string{"sh", "-c", "true"}, Env: shEnv, Dir: "/no/such/dir"}, syscall.ENOENT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exit, err := Run(t.Context(), tt.c)
			if !errors.Is(err, tt.want) || exit != nil {
				t.Errorf("Run = %v, %v; want error %v", exit, err, tt.want)
			}
		})
	}
}

func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	for name, mode := range map[string]os.FileMode{"tool": 0o755, "plain": 0o644} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	path := "/no/such:" + dir
	if got, err := LookPath("tool", path); err != nil || got != filepath.Join(dir, "tool") {
		t.Errorf("LookPath(tool) = %q, %v", got, err)
	}
	for _, name := range []string{"plain", "sub", "missing"} {
		if got, err := LookPath(name, path); !errors.Is(err, ErrNotFound) {
			t.Errorf("LookPath(%s) = %q, %v; want ErrNotFound", name, got, err)
		}
	}
	if _, err := LookPath(filepath.Join(dir, "plain"), ""); err == nil {
		t.Error("LookPath of a non-executable path succeeded")
	}
	// A relative PATH entry names a folder of the working directory: the
	// change under review, for an agent. exec.LookPath would use it.
	t.Chdir(dir)
	if got, err := exec.LookPath("./tool"); err != nil || got != "./tool" {
		t.Fatalf("setup: %q, %v", got, err)
	}
	for _, rel := range []string{".", "", "sub/.."} {
		if got, err := LookPath("tool", rel); !errors.Is(err, ErrNotFound) {
			t.Errorf("LookPath(tool, %q) = %q, %v; want ErrNotFound", rel, got, err)
		}
	}
}
