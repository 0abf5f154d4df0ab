package proc

import (
	"io"
	"os"
	"sync"
	"time"
)

// drains copy a child's stdout and stderr from pipes of our own to the
// caller's writers. exec.Cmd would copy too, but its Wait returns only
// once every holder of the pipes has let go, so a grandchild holding
// stdout would keep Run waiting; with our own pipes Wait returns when the
// child exits, and Run sweeps the holders before waiting for the copies.
type drains struct {
	child [2]*os.File // the write ends, for the child
	read  []*os.File
	pipes pipeIDs
	done  sync.WaitGroup
}

// newDrains makes a pipe for each writer that is not nil; a nil writer
// gives the child /dev/null, as exec does.
func newDrains(ws ...io.Writer) (*drains, error) {
	d := &drains{}
	for i, w := range ws {
		if w == nil {
			continue
		}
		r, cw, err := os.Pipe()
		if err != nil {
			d.abort()
			return nil, err
		}
		d.child[i] = cw
		d.read = append(d.read, r)
		d.done.Go(func() { copyAll(w, r) })
	}
	d.pipes = pipesOf(d.read...)
	return d, nil
}

// copyAll copies r to w until r ends. A failing writer does not stop the
// copy: the child must never block on a full pipe or get EPIPE, so what
// the writer refuses is read and dropped.
func copyAll(w io.Writer, r *os.File) {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 && w != nil {
			if _, werr := w.Write(buf[:n]); werr != nil {
				w = nil
			}
		}
		if err != nil {
			return
		}
	}
}

// started closes our copies of the child's ends, once the child has its
// own (or failed to start), so that the copies end when the child's do.
func (d *drains) started() {
	for i, f := range d.child {
		if f != nil {
			f.Close()
			d.child[i] = nil
		}
	}
}

// wait waits for the copies to reach the end of their pipes, at most
// limit: a holder sweep could not find (another user's process) must not
// keep Run waiting. Past the limit the read ends are closed.
func (d *drains) wait(limit time.Duration) {
	finished := make(chan struct{})
	go func() { d.done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(limit):
	}
	d.abort()
}

// abort closes everything and waits for the copies to stop.
func (d *drains) abort() {
	d.started()
	for _, r := range d.read {
		r.Close()
	}
	d.done.Wait()
}
