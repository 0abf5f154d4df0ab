package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/safetext"
)

// state is what is known of one agent.
type state struct {
	name           string
	running, ended bool
	started        time.Time
	took           time.Duration
	tools          int
	last           string
	err            string
	toolShown      time.Time // when the last plain tool line was written
}

// update applies e and returns the plain line it deserves, or "".
func (s *state) update(e agent.Event, toolEvery time.Duration) string {
	switch e.Kind {
	case agent.Started:
		s.running, s.started = true, e.Time
		return "started"
	case agent.Tool:
		s.tools, s.last = e.Tools, oneLine(e.Tool)
		if !s.toolShown.IsZero() && e.Time.Sub(s.toolShown) < toolEvery {
			return ""
		}
		s.toolShown = e.Time
		return fmt.Sprintf("tool %s (%d)", s.last, e.Tools)
	case agent.Finished:
		s.running, s.ended = false, true
		if r := e.Result; r != nil {
			s.took, s.err = time.Duration(r.DurationMS)*time.Millisecond, oneLine(r.Err)
			s.tools = max(s.tools, r.Metrics.ToolCalls.Total)
		}
		if s.err != "" {
			return "failed: " + s.err
		}
		return fmt.Sprintf("done in %v, %s", s.took.Round(time.Second), plural(s.tools, "tool call"))
	}
	return ""
}

// line is the live line of s at time now, its name padded to width.
func (s *state) line(now time.Time, width int) string {
	name := fmt.Sprintf("%-*s", width, s.name)
	switch {
	case s.ended && s.err != "":
		return fmt.Sprintf("%s  failed   %7v  %s", name, s.took.Round(time.Second), s.err)
	case s.ended:
		return fmt.Sprintf("%s  done     %7v  %s", name, s.took.Round(time.Second), plural(s.tools, "tool call"))
	case s.running:
		l := fmt.Sprintf("%s  running  %7v  %s", name, now.Sub(s.started).Round(time.Second), plural(s.tools, "tool call"))
		if s.last != "" {
			l += ", last " + s.last
		}
		return l
	}
	return name + "  waiting"
}

// oneLine makes text from an agent safe for one line of a terminal: no
// newlines, and no control characters that could move the cursor or
// change colours (tool names and errors come from the model).
func oneLine(s string) string {
	// Agent text on the terminal: no escape sequence (OSC 52 writes the
	// clipboard), no control character, valid UTF-8.
	s = safetext.Terminal(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || r == ' '
	}), " ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
