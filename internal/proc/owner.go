package proc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// Owner identifies a process across pid reuse: its pid and its start
// time (clock ticks since boot, /proc/PID/stat field 22). Working files
// that record their owner can be swept once the owner is gone.
type Owner struct {
	PID   int    `json:"pid"`
	Start uint64 `json:"start,omitempty"`
}

// Self is the running process as an Owner.
func Self() Owner {
	pid := os.Getpid()
	start, _ := startTime(pid)
	return Owner{PID: pid, Start: start}
}

// Alive reports whether the owner still runs: its pid exists and, where
// the start time is known, was started at the same time (so a reused pid
// does not look alive).
func (o Owner) Alive() bool {
	if o.PID <= 0 {
		return false
	}
	if err := syscall.Kill(o.PID, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	start, err := startTime(o.PID)
	if err != nil || o.Start == 0 {
		return true // no /proc here: the pid check is all there is
	}
	return start == o.Start
}

// startTime reads field 22 of /proc/PID/stat. The command name (field 2)
// may hold spaces and parentheses, so fields are counted after its last ')'.
func startTime(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("malformed stat")
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 20 { // state is field 3, start time field 22
		return 0, errors.New("short stat")
	}
	return strconv.ParseUint(string(f[19]), 10, 64)
}
