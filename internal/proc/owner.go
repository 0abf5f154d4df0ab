package proc

import (
	"errors"
	"os"
	"syscall"
)

// Owner identifies a process across pid reuse: a pid alone may name an
// unrelated process once the owner has died, its pid and start time
// together do not. Working folders and stored reviews record their owner,
// so that a later run can tell an abandoned one from one still in use.
type Owner struct {
	PID int `json:"pid"`
	// Start is the process's start time in clock ticks after boot
	// (/proc/PID/stat field 22); 0 where it cannot be read, and then only
	// the pid is compared.
	Start uint64 `json:"start,omitempty"`
}

// Self returns the Owner record of the running process.
func Self() Owner {
	pid := os.Getpid()
	start, _ := startTime(pid)
	return Owner{PID: pid, Start: start}
}

// Alive reports whether the process o names is still running. A zombie
// is not alive; a pid now used by a process started at another time is
// not the owner.
func (o Owner) Alive() bool {
	if o.PID <= 0 {
		return false
	}
	start, err := startTime(o.PID)
	switch {
	case errors.Is(err, errGone):
		return false
	case err == nil:
		return o.Start == 0 || start == o.Start
	}
	// No /proc: the pid is all there is to go on.
	err = syscall.Kill(o.PID, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// errGone says a process does not exist, or is a zombie.
var errGone = errors.New("no such process")
