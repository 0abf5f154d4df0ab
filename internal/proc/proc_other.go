//go:build !linux

package proc

import (
	"os"
	"syscall"
)

// sysProcAttr puts the child in its own process group. Without Linux's
// Pdeathsig the child outlives a deepreview killed by SIGKILL.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// BecomeSubreaper does nothing outside Linux, which alone has
// PR_SET_CHILD_SUBREAPER.
func BecomeSubreaper() error { return nil }

// KillOrphans does nothing outside Linux: orphans go to init there.
func KillOrphans() {}

func startTime(pid int) (uint64, error) { return 0, errNoProc }

var errNoProc = os.ErrNotExist

func processes() []stat { return nil }

type pipeIDs []string

func pipesOf(files ...*os.File) pipeIDs { return nil }

func (ids pipeIDs) heldBy(pid int) bool { return false }

func forkOfSelf(pid int) bool { return false }

// KillInside finds nothing outside Linux.
func KillInside(dir string) int { return 0 }
