package agent

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// Limits bound what deepreview keeps of one agent run's output, in
// memory and on disk, however much the agent prints. Past a limit the
// output is still read (the agent never blocks on a full pipe nor gets
// EPIPE) but dropped, and the result's Metrics.Truncated says so. A zero
// field means the Runner's, then the default.
type Limits struct {
	// Transcript is how much of stdout transcript.jsonl keeps. A CLI's
	// transcript is still decoded past it, so its review is not lost.
	Transcript int64
	// Stderr is how much of stderr stderr.txt keeps.
	Stderr int64
	// Review is the longest review text. A longer one is cut, and the run
	// counts as failed: a review cut at an arbitrary point would pass for
	// a whole one, its verdict and the findings past the cut lost.
	Review int64
}

// The default limits: a real review is tens of kilobytes and a long
// session's transcript tens of megabytes.
const (
	DefaultTranscriptLimit = 256 << 20
	DefaultStderrLimit     = 16 << 20
	DefaultReviewLimit     = 2 << 20
)

// DefaultLimits returns the limits a run has when nothing sets them.
func DefaultLimits() Limits {
	return Limits{Transcript: DefaultTranscriptLimit, Stderr: DefaultStderrLimit, Review: DefaultReviewLimit}
}

// Or fills the zero fields of l from d.
func (l Limits) Or(d Limits) Limits {
	if l.Transcript <= 0 {
		l.Transcript = d.Transcript
	}
	if l.Stderr <= 0 {
		l.Stderr = d.Stderr
	}
	if l.Review <= 0 {
		l.Review = d.Review
	}
	return l
}

// limits are the limits of a run of s: its own, else the runner's, else
// the defaults.
func (r *Runner) limits(s Spec) Limits {
	return s.Limits.Or(r.Limits).Or(DefaultLimits())
}

// lineLimit is the longest transcript line decoded: a result event holds
// the review text, JSON-escaped; longer lines (tool outputs) are skipped.
func (l Limits) lineLimit() int { return int(max(16<<20, 8*l.Review)) }

// capped writes to a file until limit bytes, then counts and drops the
// rest; a file that fails stops being written, and the error is kept.
// Write never fails: the child's pipe must never break or fill.
type capped struct {
	file    io.Writer
	name    string
	limit   int64
	written int64
	dropped int64
	err     error
}

func (c *capped) Write(p []byte) (int, error) {
	n := len(p)
	if room := c.limit - c.written; int64(len(p)) > room {
		c.dropped += int64(len(p)) - max(room, 0)
		p = p[:max(room, 0)]
	}
	if c.err == nil && len(p) > 0 {
		var w int
		w, c.err = c.file.Write(p)
		c.written += int64(w)
		if c.err != nil {
			c.dropped += int64(len(p) - w)
		}
	} else {
		c.dropped += int64(len(p))
	}
	return n, nil
}

// notes says what of the output the file does not hold.
func (c *capped) notes() []string {
	var out []string
	if c.err != nil {
		out = append(out, fmt.Sprintf("%s not stored past %d bytes: %v", c.name, c.written, c.err))
	} else if c.dropped > 0 {
		out = append(out, fmt.Sprintf("%s truncated at %d bytes (%d more bytes dropped)", c.name, c.limit, c.dropped))
	}
	return out
}

// head keeps the first limit bytes written to it and whether there was
// more: a command agent's review, which is its stdout.
type head struct {
	buf   []byte
	limit int64
	over  bool
}

func (h *head) Write(p []byte) (int, error) {
	room := h.limit - int64(len(h.buf))
	if int64(len(p)) > room {
		h.buf, h.over = append(h.buf, p[:max(room, 0)]...), true
		return len(p), nil
	}
	h.buf = append(h.buf, p...)
	return len(p), nil
}

// text is what was kept, cut back to a whole UTF-8 character if the limit
// fell inside one.
func (h *head) text() string {
	b := h.buf
	if h.over {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return string(b)
}
