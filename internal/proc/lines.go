package proc

import "bytes"

// DefaultMaxLine is the longest line Lines hands on whole. Transcript
// lines carry tool output and reach megabytes; a line longer than this
// is counted in Dropped and skipped rather than held in memory.
const DefaultMaxLine = 64 << 20

// Lines is an io.Writer that splits what it is given into lines and
// hands each one, without its newline, to a function. Unlike
// bufio.Scanner it has no 64 KiB limit and never fails: a line over the
// maximum is dropped and counted. Not safe for concurrent writes, which
// os/exec never makes to one Stdout.
type Lines struct {
	fn   func(line []byte)
	max  int
	buf  []byte
	skip bool // inside a line longer than max
	// Dropped counts the lines longer than the maximum.
	Dropped int
}

// NewLines returns a Lines calling fn for every line. The slice given to
// fn is only valid during the call. max <= 0 means DefaultMaxLine.
func NewLines(max int, fn func(line []byte)) *Lines {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &Lines{fn: fn, max: max}
}

// Write implements io.Writer; it always consumes all of p.
func (l *Lines) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.hold(p)
			break
		}
		l.end(p[:i])
		p = p[i+1:]
	}
	return n, nil
}

// hold keeps the start of a line whose end has not arrived yet.
func (l *Lines) hold(p []byte) {
	if l.skip {
		return
	}
	if len(l.buf)+len(p) > l.max {
		l.skip, l.buf = true, l.buf[:0]
		return
	}
	l.buf = append(l.buf, p...)
}

// end finishes the current line with its last part p.
func (l *Lines) end(p []byte) {
	switch {
	case l.skip || len(l.buf)+len(p) > l.max:
		l.Dropped++
	case len(l.buf) == 0:
		l.fn(p) // the common case: a whole line within one Write, no copy
	default:
		l.fn(append(l.buf, p...))
	}
	l.skip, l.buf = false, l.buf[:0]
	if cap(l.buf) > 1<<20 {
		l.buf = nil // don't keep a huge buffer for the short lines that follow
	}
}

// Flush hands on a last line that had no newline.
func (l *Lines) Flush() {
	if len(l.buf) > 0 || l.skip {
		l.end(nil)
	}
}
