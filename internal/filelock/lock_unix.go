//go:build unix

package filelock

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// poll is how often a waiting Lock tries again.
const poll = 20 * time.Millisecond

// Lock takes an exclusive lock on the file at path, creating it, and
// returns its release. It waits while another process (or another Lock
// in this one) holds it, until ctx is done.
func Lock(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, &os.PathError{Op: "flock", Path: path, Err: ctx.Err()}
		case <-time.After(poll):
		}
	}
}
