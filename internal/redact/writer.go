package redact

import (
	"bytes"
	"io"
	"strings"
)

// maxPending bounds the part of a line the Writer holds: a stream with
// no newline is redacted and written in pieces of about this size, cut
// after a space, quote or comma near the end when there is one, so a
// token is not split.
const maxPending = 16 << 20

// Writer redacts what is written to it line by line (a transcript is
// JSONL, stderr is lines) before passing it on. A private-key block that
// spans lines is followed from its BEGIN line to its END line.
type Writer struct {
	r       *Redactor
	w       io.Writer
	pending []byte
	key     keyState
	counts  Counts
	err     error
	max     int
}

// Writer returns a Writer that redacts into w. Close writes what is left
// of an unfinished last line; it does not close w.
func (r *Redactor) Writer(w io.Writer) *Writer {
	return &Writer{r: r, w: w, max: maxPending}
}

// Write redacts and passes on every complete line of p, keeping the rest
// for the next Write. It reports len(p) unless the underlying writer
// failed.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	total := len(p)
	for len(p) > 0 && w.err == nil {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.hold(p)
			break
		}
		w.hold(p[:i+1])
		w.emit(w.pending)
		w.pending = w.pending[:0]
		p = p[i+1:]
	}
	if w.err != nil {
		return 0, w.err
	}
	return total, nil
}

// hold keeps p, the start of a line, writing out a piece whenever more
// than max bytes are held.
func (w *Writer) hold(p []byte) {
	for len(p) > 0 && w.err == nil {
		room := w.max - len(w.pending)
		if len(p) <= room {
			w.pending = append(w.pending, p...)
			return
		}
		w.pending = append(w.pending, p[:room]...)
		p = p[room:]
		cut := w.cutPoint(w.pending)
		w.emit(w.pending[:cut])
		w.pending = append(w.pending[:0], w.pending[cut:]...)
	}
}

// secretReach is the longest text one secret is matched in: a
// private-key block (maxKey) and its BEGIN and END lines.
const secretReach = maxKey + 1<<10

// maxTries bounds the cuts cutPoint checks in one piece.
const maxTries = 16

// cutPoint is where to cut a full piece b so that no secret straddles the
// cut: the last separator (space, quote, comma, tab) at least reach bytes
// from the end where cutting changes nothing. A cut changes nothing when
// the reach bytes on each side of it, redacted apart (a private-key
// block carried across, as the next piece will be), give what they give
// redacted together. Separators alone are not enough: a private key's
// BEGIN line has spaces, and so may a secret value. Past maxTries
// separators, a cut at any byte is tried; the end is the last resort.
func (w *Writer) cutPoint(b []byte) int {
	reach := min(secretReach, w.max/4)
	from, to := max(0, len(b)-3*reach), len(b)-reach
	tries := 0
	for i := to; i > from && tries < maxTries; i-- {
		if strings.IndexByte(" \",\t", b[i-1]) < 0 {
			continue
		}
		tries++
		if w.safeCut(b, i, reach) {
			return i
		}
	}
	for i := to; i > from && tries < 2*maxTries; i -= max(1, reach/maxTries) {
		tries++
		if w.safeCut(b, i, reach) {
			return i
		}
	}
	return len(b)
}

// safeCut reports whether cutting b at i leaves every secret within
// reach of i whole.
func (w *Writer) safeCut(b []byte, i, reach int) bool {
	start := max(0, i-reach)
	before, after := string(b[start:i]), string(b[i:min(len(b), i+reach)])
	// A block open from the piece before matters only where the piece
	// starts; reach is longer than any block, so one open at start-1 has
	// closed before i.
	var open keyState
	if start == 0 {
		open = w.key
	}
	st := open
	together, c := w.r.redact(before+after, &st)
	st = open
	x, cx := w.r.redact(before, &st)
	y, cy := w.r.redact(after, &st)
	cx.Add(cy)
	return together == x+y && c == cx
}

func (w *Writer) emit(b []byte) {
	out, c := w.r.redact(string(b), &w.key)
	w.counts.Add(c)
	if _, err := io.WriteString(w.w, out); err != nil {
		w.err = err
	}
}

// Close redacts and writes an unfinished last line.
func (w *Writer) Close() error {
	if w.err == nil && len(w.pending) > 0 {
		w.emit(w.pending)
		w.pending = nil
	}
	return w.err
}

// Counts is what the Writer has redacted so far.
func (w *Writer) Counts() Counts { return w.counts }
