package agent

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// liveProcs returns the live (not zombie) processes for which keep,
// given the fields of /proc/PID/stat after the command name and the
// environment, says yes.
func liveProcs(keep func(stat []string, environ []byte) bool) []int {
	var pids []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		env, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "environ"))
		if keep(f, env) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// eventually fails the test if procs still finds processes after a few
// seconds (SIGKILL takes effect asynchronously).
func eventually(t *testing.T, what string, procs func() []int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := procs()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still alive: %v", what, left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// assertGroupGone checks that no process of group pgid is left.
func assertGroupGone(t *testing.T, pgid int) {
	t.Helper()
	eventually(t, "process group "+strconv.Itoa(pgid), func() []int {
		return liveProcs(func(stat []string, _ []byte) bool { return stat[2] == strconv.Itoa(pgid) })
	})
}

// assertMarkGone checks that no fake agent started with FAKE_MARK=mark
// is left, even one that would have left its process group.
func assertMarkGone(t *testing.T, mark string) {
	t.Helper()
	needle := []byte("\x00FAKE_MARK=" + mark + "\x00")
	eventually(t, "fake agents of "+mark, func() []int {
		return liveProcs(func(_ []string, env []byte) bool {
			return bytes.Contains(append([]byte{0}, env...), needle)
		})
	})
}
