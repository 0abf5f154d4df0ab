//go:build linux

package proc

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// marked lists the live processes whose environment holds MARK=mark.
func marked(mark string) []int {
	needle := []byte("\x00MARK=" + mark + "\x00")
	var pids []int
	for _, p := range processes() {
		if p.dead() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p.pid), "environ"))
		if err == nil && bytes.Contains(append([]byte{0}, env...), needle) {
			pids = append(pids, p.pid)
		}
	}
	return pids
}

// killMarked kills the processes marked mark and reaps those that were
// re-parented to the test process.
func killMarked(mark string) {
	for _, pid := range marked(mark) {
		syscall.Kill(pid, syscall.SIGKILL)
		var ws syscall.WaitStatus
		syscall.Wait4(pid, &ws, 0, nil) // ECHILD when not ours
	}
}

// waitGone fails the test if a process marked mark is alive after a few
// seconds (SIGKILL takes effect asynchronously).
func waitGone(t *testing.T, mark string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(marked(mark)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("processes marked %s still alive: %v", mark, marked(mark))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func needLinux(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("needs setsid")
	}
}

// escapeScript leaves a grandchild that left the process group (setsid)
// and still holds stdout, then exits.
const escapeScript = `MARK=$1 setsid sleep 1000 & echo done`

// TestEscapedHolderWithoutSweep shows the attack: an agent that exits but
// leaves a setsid grandchild holding stdout keeps exec.Cmd's Wait waiting
// until WaitDelay gives up, and killing the process group afterwards
// misses the grandchild, which lives on.
func TestEscapedHolderWithoutSweep(t *testing.T) {
	needLinux(t)
	mark := "without-" + strconv.Itoa(os.Getpid())
	var out bytes.Buffer
	cmd := exec.Command("sh", "-c", escapeScript, "sh", mark)
	cmd.Stdout = &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 300 * time.Millisecond
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(start)
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	defer killMarked(mark)
	if !errors.Is(err, exec.ErrWaitDelay) {
		t.Errorf("Wait = %v, want ErrWaitDelay: the grandchild held stdout", err)
	}
	time.Sleep(100 * time.Millisecond)
	if len(marked(mark)) == 0 {
		t.Error("the grandchild died although nothing killed it: the attack does not reproduce")
	}
	t.Logf("without the sweep: Wait took %v (WaitDelay %v) and the grandchild survived", took, cmd.WaitDelay)
}

// TestEscapedHolder is the defence: Run returns once the child has exited
// and the grandchild holding its stdout is killed.
func TestEscapedHolder(t *testing.T) {
	needLinux(t)
	mark := "with-" + strconv.Itoa(os.Getpid())
	var out bytes.Buffer
	start := time.Now()
	exit, err := Run(t.Context(), Cmd{
		Argv: []string{"sh", "-c", escapeScript, "sh", mark}, Env: shEnv, Stdout: &out,
		Grace: time.Minute, // the drain limit: Run must not need it
	})
	if err != nil {
		t.Fatal(err)
	}
	took, after := time.Since(start), time.Since(exit.Ended)
	if exit.Reason() != "" || out.String() != "done\n" {
		t.Errorf("exit %q, stdout %q", exit.Reason(), out.String())
	}
	waitGone(t, mark)
	if zombies := childZombies(); len(zombies) > 0 {
		t.Errorf("zombies left unreaped: %v", zombies)
	}
	t.Logf("with the sweep: Run took %v, %v of it after the child exited; the grandchild is gone", took, after)
}

// childZombies lists this process's children that died and were not
// reaped.
func childZombies() []int {
	var pids []int
	for _, p := range processes() {
		if p.ppid == os.Getpid() && p.dead() {
			pids = append(pids, p.pid)
		}
	}
	return pids
}

// TestKillOrphans: a grandchild that left the group and let go of the
// output is not Run's to find, but as a subreaper this process is its
// parent now, and KillOrphans ends it. Not parallel: KillOrphans kills
// every child of the test process.
func TestKillOrphans(t *testing.T) {
	needLinux(t)
	mark := "orphan-" + strconv.Itoa(os.Getpid())
	// The leader waits until the grandchild has left its group: one
	// still in it when the leader exits is killed with the group.
	escaped := filepath.Join(t.TempDir(), "escaped")
	script := `MARK=$1 setsid sh -c 'echo > "$1"; exec sleep 1000' sh "$2" </dev/null >/dev/null 2>&1 &
while [ ! -s "$2" ]; do sleep 0.01; done`
	exit, err := Run(t.Context(), Cmd{Argv: []string{"sh", "-c", script, "sh", mark, escaped}, Env: shEnv})
	if err != nil || exit.Reason() != "" {
		t.Fatal(err, exit.Reason())
	}
	left := marked(mark)
	for deadline := time.Now().Add(5 * time.Second); len(left) == 0 && time.Now().Before(deadline); left = marked(mark) {
		time.Sleep(10 * time.Millisecond) // the background job may not have exec'd yet
	}
	if len(left) != 1 {
		t.Fatalf("marked processes after Run: %v, want the orphan", left)
	}
	if s, err := readStat(left[0]); err != nil || s.ppid != os.Getpid() {
		t.Errorf("orphan's parent: %+v, %v; want this process, a subreaper", s, err)
	}
	KillOrphans()
	waitGone(t, mark)
	if z := childZombies(); len(z) > 0 {
		t.Errorf("zombies left: %v", z)
	}
}

// TestPdeathsig kills a process that runs a child through Run with
// SIGKILL, as a user's kill -9 of deepreview would: the child dies with
// it. The same child started without Pdeathsig survives.
func TestPdeathsig(t *testing.T) {
	needLinux(t)
	for _, tt := range []struct {
		mode      string
		wantAlive bool
	}{{"exec", true}, {"run", false}} {
		t.Run(tt.mode, func(t *testing.T) {
			mark := tt.mode + "-pdeathsig-" + strconv.Itoa(os.Getpid())
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "PROC_TEST_HELPER="+tt.mode, "MARK="+mark)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // not in our group
			var out bytes.Buffer
			cmd.Stdout = &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for len(marked(mark)) < 2 && time.Now().Before(deadline) { // the helper and its child
				time.Sleep(10 * time.Millisecond)
			}
			if n := len(marked(mark)); n < 2 {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("%d marked processes, want the helper and its child", n)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			defer killMarked(mark)
			deadline = time.Now().Add(3 * time.Second)
			for len(marked(mark)) > 0 && time.Now().Before(deadline) && tt.wantAlive == false {
				time.Sleep(10 * time.Millisecond)
			}
			if alive := len(marked(mark)) > 0; alive != tt.wantAlive {
				t.Errorf("child alive after its parent's SIGKILL: %v, want %v", alive, tt.wantAlive)
			}
		})
	}
}

// helper runs `sleep 1000` the way mode says and waits for it: "run"
// through Run, "exec" through exec.Cmd alone.
func helper(mode string) int {
	argv := []string{"sleep", "1000"}
	env := []string{"PATH=/usr/bin:/bin", "MARK=" + os.Getenv("MARK")}
	if mode == "exec" {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		_ = cmd.Run()
		return 0
	}
	_, _ = Run(context.Background(), Cmd{Argv: argv, Env: env})
	return 0
}

func TestOwner(t *testing.T) {
	self := Self()
	if self.PID != os.Getpid() || !self.Alive() {
		t.Fatalf("Self() = %+v, alive %v", self, self.Alive())
	}
	if runtime.GOOS == "linux" && self.Start == 0 {
		t.Error("Self() has no start time on Linux")
	}
	// The same pid started at another time is another process.
	if runtime.GOOS == "linux" && (Owner{PID: self.PID, Start: self.Start + 1}).Alive() {
		t.Error("a reused pid looks like the owner")
	}
	cmd := exec.Command("sleep", "1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child := Owner{PID: cmd.Process.Pid}
	child.Start, _ = startTime(child.PID)
	if !child.Alive() {
		t.Error("a running child is not alive")
	}
	cmd.Process.Kill()
	if runtime.GOOS == "linux" {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if s, err := readStat(child.PID); err == nil && s.dead() {
				break
			}
		}
		if child.Alive() {
			t.Error("a zombie is alive")
		}
	}
	cmd.Wait()
	if child.Alive() {
		t.Error("a reaped child is alive")
	}
	for _, o := range []Owner{{}, {PID: -1}} {
		if o.Alive() {
			t.Errorf("%+v is alive", o)
		}
	}
}

func TestParseStat(t *testing.T) {
	line := "4242 (a) b) Z 1 (x) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1 2 3\n"
	s, err := parseStat([]byte(line))
	if err != nil || s != (stat{pid: 4242, state: 'S', ppid: 17, pgrp: 4242, start: 987654}) {
		t.Errorf("parseStat = %+v, %v", s, err)
	}
	for _, bad := range []string{"", "1 (x)", "x (y) S 1 2", "1 (x) S a 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"} {
		if _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q): no error", bad)
		}
	}
}

// FuzzParseStat: a process names itself, so its stat line is untrusted.
func FuzzParseStat(f *testing.F) {
	f.Add([]byte("1 (init) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 5 1 2\n"))
	f.Add([]byte("2 ()) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseStat(b)
		if err == nil && !strings.Contains(string(b), ")") {
			t.Errorf("parsed %+v from a line without a comm field", s)
		}
	})
}

// TestKillInsideMoved: a leftover that moved out of the run's folder
// (cd /) is no longer found by its working folder, the rule KillInside
// had; it is by the HOME it was started with there. A process of no run
// is found by neither.
func TestKillInsideMoved(t *testing.T) {
	dir := t.TempDir()
	start := func(env []string) *exec.Cmd {
		c := exec.Command("sleep", "1000")
		c.Dir, c.Env = "/", env
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Process.Kill(); _ = c.Wait() })
		return c
	}
	moved := start([]string{"HOME=" + filepath.Join(dir, "scratch", "home")})
	bystander := start([]string{"HOME=" + dir + "-other"})
	for _, c := range []*exec.Cmd{moved, bystander} {
		if workIn(c.Process.Pid, dir) {
			t.Fatalf("pid %d works in %s: the case shows nothing", c.Process.Pid, dir)
		}
	}
	if !homedIn(moved.Process.Pid, dir) || homedIn(bystander.Process.Pid, dir) {
		t.Errorf("homedIn: moved %v, bystander %v; want true, false",
			homedIn(moved.Process.Pid, dir), homedIn(bystander.Process.Pid, dir))
	}
	if n := KillInside(dir); n != 1 {
		t.Errorf("KillInside signalled %d processes, want the moved one", n)
	}
}
