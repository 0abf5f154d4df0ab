//go:build unix

package store

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on the file at path, creating it, and
// returns its release. The kernel drops the lock if the process dies, so a
// crash never leaves a stale lock behind.
func lock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: path, Err: err}
	}
	return func() { f.Close() }, nil
}
