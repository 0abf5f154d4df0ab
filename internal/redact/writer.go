package redact

import (
	"bytes"
	"io"
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
		cut := cutPoint(w.pending)
		w.emit(w.pending[:cut])
		w.pending = append(w.pending[:0], w.pending[cut:]...)
	}
}

// cutPoint is where to cut a held piece: after the last space, quote or
// comma in its final 64 KiB, or at its end.
func cutPoint(b []byte) int {
	from := max(0, len(b)-64<<10)
	if i := bytes.LastIndexAny(b[from:], " \",\t"); i >= 0 {
		return from + i + 1
	}
	return len(b)
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
