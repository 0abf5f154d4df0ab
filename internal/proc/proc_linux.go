package proc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// sysProcAttr puts the child in its own process group and has the kernel
// kill it when the thread that started it exits: Run keeps that thread
// locked for the child's life, so in effect when deepreview dies, even by
// SIGKILL. Pdeathsig is not inherited across fork: the child's own
// children are found by sweep, or by KillOrphans at the end.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// BecomeSubreaper makes the calling process the reaper of its orphaned
// descendants (PR_SET_CHILD_SUBREAPER): a grandchild whose parent exits
// is re-parented to it rather than to init, so that it can still be
// found (its parent pid is ours) and killed, by sweep or KillOrphans. It
// changes the whole process, so only a program's main calls it, once.
func BecomeSubreaper() error {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return os.NewSyscallError("prctl(PR_SET_CHILD_SUBREAPER)", err)
	}
	return nil
}

// KillOrphans kills and reaps every child of this process, repeatedly,
// until none is left. After everything this process started has been
// waited for, the children left are descendants that were re-parented to
// it as a subreaper: agents' grandchildren that left their process group
// and let go of their output. Only a program's main calls it, at the end.
func KillOrphans() {
	self := os.Getpid()
	for range 100 { // each round kills one generation
		found := false
		for _, p := range processes() {
			if p.ppid != self {
				continue
			}
			found = true
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(p.pid, &ws, 0, nil)
		}
		if !found {
			return
		}
	}
}

func startTime(pid int) (uint64, error) {
	s, err := readStat(pid)
	if err != nil {
		return 0, err
	}
	if s.dead() {
		return 0, errGone
	}
	return s.start, nil
}

func readStat(pid int) (stat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
		if _, serr := os.Stat("/proc/self/stat"); serr == nil {
			return stat{}, errGone
		}
	}
	if err != nil {
		return stat{}, err
	}
	return parseStat(b)
}

// processes lists every process of the system that can be read.
func processes() []stat {
	dirs, _ := os.ReadDir("/proc")
	out := make([]stat, 0, len(dirs))
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if s, err := readStat(pid); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// pipeIDs are the inodes of pipes, as /proc/PID/fd shows them: "pipe:[N]".
type pipeIDs []string

func pipesOf(files ...*os.File) pipeIDs {
	var ids pipeIDs
	for _, f := range files {
		var st syscall.Stat_t
		if err := syscall.Fstat(int(f.Fd()), &st); err == nil {
			ids = append(ids, "pipe:["+strconv.FormatUint(st.Ino, 10)+"]")
		}
	}
	return ids
}

// heldBy reports whether process pid has one of the pipes open.
func (ids pipeIDs) heldBy(pid int) bool {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	fds, err := os.ReadDir(dir)
	if err != nil {
		return false // gone, or another user's: not ours to find
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(dir, fd.Name()))
		if err == nil && strings.HasPrefix(link, "pipe:[") && contains(ids, link) {
			return true
		}
	}
	return false
}

// forkOfSelf reports whether process pid runs this program: a child this
// process is starting (another agent, a git command) holds copies of all
// its file descriptors, the pipes included, between fork and exec, and
// must not be taken for a holder.
func forkOfSelf(pid int) bool {
	self, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return false
	}
	exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	return err == nil && exe == self
}

func contains(ids pipeIDs, s string) bool {
	for _, id := range ids {
		if id == s {
			return true
		}
	}
	return false
}

// KillInside kills every process whose working directory is dir or below
// it, or whose environment (as it was exec'd) puts HOME or TMPDIR there,
// and returns how many it signalled. A deepreview killed with SIGKILL
// cannot end what its agents left running; the next run's sweep finds
// them by the snapshot folder they work in, or, when they changed
// folder, by the scratch home and temporary folder every agent process is
// given inside it.
func KillInside(dir string) int {
	n := 0
	for _, p := range processes() {
		if !workIn(p.pid, dir) && !homedIn(p.pid, dir) {
			continue
		}
		if syscall.Kill(p.pid, syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// within reports whether p is dir or below it.
func within(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// workIn reports whether process pid works in dir or below it.
func workIn(pid int, dir string) bool {
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	return err == nil && within(cwd, dir)
}

// homedIn reports whether process pid was started with HOME or TMPDIR in
// dir or below it.
func homedIn(pid int, dir string) bool {
	env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		return false
	}
	for kv := range strings.SplitSeq(string(env), "\x00") {
		name, value, ok := strings.Cut(kv, "=")
		if ok && (name == "HOME" || name == "TMPDIR") && within(value, dir) {
			return true
		}
	}
	return false
}
