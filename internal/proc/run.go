package proc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// DefaultGrace is how long a child has between SIGTERM and SIGKILL.
const DefaultGrace = 5 * time.Second

// Cmd is one child to run.
type Cmd struct {
	// Argv is the program and its arguments. A program without a slash is
	// looked up in the PATH of Env, not of this process.
	Argv []string
	Dir  string
	// Env is the child's whole environment (see Environ).
	Env    []string
	Stdin  io.Reader // an *os.File is handed over without a copying goroutine
	Stdout io.Writer
	Stderr io.Writer
	// Timeout stops the child after this long; 0 means no limit.
	Timeout time.Duration
	// Grace is the time between SIGTERM and SIGKILL; 0 means DefaultGrace.
	// It also bounds how long Run waits for stdout and stderr to close
	// once the child has exited (grandchildren may hold them open).
	Grace time.Duration
	// Started, if set, is called with the process id (which is also the
	// process group id) once the child runs.
	Started func(pid int)
}

// Exit is what became of a child that was started.
type Exit struct {
	PID            int // also the process group id
	Started, Ended time.Time
	// Code is the exit status, or -1 if the child was killed by a signal.
	Code     int
	Signal   syscall.Signal // the signal that killed it, or 0
	TimedOut bool           // stopped because Timeout passed
	Canceled bool           // stopped because the context was canceled
	Timeout  time.Duration
}

// Duration is the wall-clock time from launch to exit.
func (e *Exit) Duration() time.Duration { return e.Ended.Sub(e.Started) }

// Reason says why the child did not succeed, or "" if it exited with 0
// on its own.
func (e *Exit) Reason() string {
	switch {
	case e.TimedOut:
		return fmt.Sprintf("timeout after %v", e.Timeout)
	case e.Canceled:
		return "canceled"
	case e.Signal != 0:
		return fmt.Sprintf("killed by signal %d (%v)", int(e.Signal), e.Signal)
	case e.Code != 0:
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return ""
}

// Run starts c and waits for it. Once the child has exited, whatever is
// left of its process group is killed at once, and so is any process
// still holding its stdout or stderr (a grandchild that left the group
// with setsid), so neither can keep Run waiting or outlive it. The error
// is non-nil only if the child could not be started; how it ended,
// failures included, is in the Exit.
func Run(ctx context.Context, c Cmd) (*Exit, error) {
	if len(c.Argv) == 0 {
		return nil, errors.New("empty command")
	}
	prog, err := LookPath(c.Argv[0], Getenv(c.Env, "PATH"))
	if err != nil {
		return nil, err
	}
	grace := c.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if c.Timeout > 0 {
		runCtx, cancel = context.WithTimeout(ctx, c.Timeout)
	}
	defer cancel()

	// Pdeathsig (see sysProcAttr) fires when the OS thread that forked the
	// child exits, not the process: Go may end an idle thread that was
	// locked by a goroutine that exited. Locking this goroutine's thread
	// until the child is gone keeps the thread alive exactly as long.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	cmd := exec.CommandContext(runCtx, prog, c.Argv[1:]...)
	cmd.Args[0] = c.Argv[0]
	cmd.Dir, cmd.Env = c.Dir, c.Env
	if cmd.Env == nil {
		cmd.Env = []string{} // nil would mean "this process's environment"
	}
	cmd.Stdin = c.Stdin
	cmd.SysProcAttr = sysProcAttr()
	stop := &groupStop{grace: grace}
	cmd.Cancel = func() error { return stop.term(cmd.Process.Pid) }
	// WaitDelay bounds the copy of a Stdin that is not a file, which a
	// grandchild may keep from ending by holding the pipe.
	cmd.WaitDelay = grace + grace/2

	out, err := newDrains(c.Stdout, c.Stderr)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", c.Argv[0], err)
	}
	cmd.Stdout, cmd.Stderr = out.child[0], out.child[1]
	exit := &Exit{Started: time.Now(), Code: -1, Timeout: c.Timeout}
	err = cmd.Start()
	out.started()
	if err != nil {
		out.abort()
		return nil, fmt.Errorf("start %s: %w", c.Argv[0], err)
	}
	exit.PID = cmd.Process.Pid
	if c.Started != nil {
		c.Started(exit.PID)
	}
	_ = cmd.Wait() // the facts are read from ProcessState and the contexts
	exit.Ended = time.Now()
	stop.end()
	sweep(exit.PID, out.pipes)
	out.wait(grace)
	exit.record(cmd.ProcessState)
	if stop.signalled() { // we stopped it, rather than it ending on its own
		exit.Canceled = ctx.Err() != nil
		exit.TimedOut = !exit.Canceled
	}
	return exit, nil
}

func (e *Exit) record(ps *os.ProcessState) {
	if ps == nil {
		return
	}
	e.Code = ps.ExitCode()
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		e.Signal = ws.Signal()
	}
}

// groupStop signals a process group: SIGTERM first, SIGKILL after the
// grace period, and SIGKILL for whatever is left once the leader exited.
type groupStop struct {
	grace time.Duration
	mu    sync.Mutex
	timer *time.Timer
}

func (g *groupStop) term(pgid int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.timer = time.AfterFunc(g.grace, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}

func (g *groupStop) signalled() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.timer != nil
}

// end stops the pending SIGKILL: the leader is gone and sweep takes over.
func (g *groupStop) end() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.timer != nil {
		g.timer.Stop()
	}
}
