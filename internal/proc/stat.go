package proc

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// stat is what deepreview reads of /proc/PID/stat.
type stat struct {
	pid, ppid, pgrp int
	state           byte   // R, S, D, Z, X, …
	start           uint64 // clock ticks after boot
}

// dead reports whether the process has exited (a zombie waiting to be
// reaped, or being torn down).
func (s stat) dead() bool { return s.state == 'Z' || s.state == 'X' }

// parseStat parses the text of /proc/PID/stat: "pid (comm) state ppid
// pgrp … starttime …". The command name is chosen by the process and may
// hold spaces and parentheses, so fields are counted from the last ')'.
func parseStat(b []byte) (stat, error) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 1 || end < open {
		return stat{}, errors.New("no (comm) field")
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return stat{}, fmt.Errorf("pid: %w", err)
	}
	f := bytes.Fields(b[end+1:])
	// After comm: state(0) ppid(1) pgrp(2) … starttime(19), field 22 of the whole line.
	if len(f) < 20 || len(f[0]) != 1 {
		return stat{}, fmt.Errorf("%d fields after comm, want 20 or more", len(f))
	}
	s := stat{pid: pid, state: f[0][0]}
	var e1, e2, e3 error
	s.ppid, e1 = strconv.Atoi(string(f[1]))
	s.pgrp, e2 = strconv.Atoi(string(f[2]))
	s.start, e3 = strconv.ParseUint(string(f[19]), 10, 64)
	if err := errors.Join(e1, e2, e3); err != nil {
		return stat{}, err
	}
	return s, nil
}
