package proc

import (
	"os"
	"syscall"
	"time"
)

// sweepLimit bounds how long sweep keeps killing: processes in
// uninterruptible sleep can take a moment to die, and a process that
// keeps forking must not keep Run from returning.
const sweepLimit = 2 * time.Second

// sweep kills what is left of the process group pgid, whose leader has
// exited, and every process that still holds one of pipes (a grandchild
// that left the group with setsid, still writing to the child's output),
// until none is alive. Those re-parented to this process (a subreaper)
// are reaped, so they do not stay zombies. The group id cannot have been
// reused: Linux keeps a pid reserved while any process still uses it as
// its group id, and if none does the kill finds nothing.
func sweep(pgid int, pipes pipeIDs) {
	self := os.Getpid()
	killed := map[int]bool{}
	deadline := time.Now().Add(sweepLimit)
	for {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		alive := false
		for _, p := range processes() {
			member := p.pgrp == pgid && p.pid != pgid
			switch {
			case p.pid == self:
			case p.dead():
				if p.ppid == self && (member || killed[p.pid]) {
					var ws syscall.WaitStatus
					_, _ = syscall.Wait4(p.pid, &ws, syscall.WNOHANG, nil)
				}
			case member:
				alive = true // the group kill above reaches it
			case len(pipes) > 0 && pipes.heldBy(p.pid) && !forkOfSelf(p.pid):
				_ = syscall.Kill(p.pid, syscall.SIGKILL)
				killed[p.pid], alive = true, true
			}
		}
		if !alive || time.Now().After(deadline) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
