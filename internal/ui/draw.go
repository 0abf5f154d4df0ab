package ui

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// redraw rewrites the live lines in place: up to the first one, then each
// line cleared and written again. Plain mode has nothing to redraw.
func (p *Progress) redraw() {
	if !p.opt.Live || (len(p.agents) == 0 && p.stage == "") {
		return
	}
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", p.drawn)
	}
	lines := p.lines()
	for _, l := range lines {
		b.WriteString("\r\x1b[2K" + cut(l, p.opt.Width) + "\n")
	}
	p.drawn = len(lines)
	io.WriteString(p.w, b.String())
}

// lines are the live lines now: the stage, then one per agent.
func (p *Progress) lines() []string {
	width := 0
	for _, s := range p.agents {
		width = max(width, utf8.RuneCountInString(s.name))
	}
	now := p.opt.Now()
	var lines []string
	if p.stage != "" {
		lines = append(lines, p.stageLine(now))
	}
	for _, s := range p.agents {
		lines = append(lines, s.line(now, width))
	}
	return lines
}

// cut shortens l to fit a terminal of width columns without wrapping
// (the last column is left free: writing into it wraps on some terminals).
func cut(l string, width int) string {
	if width <= 1 || utf8.RuneCountInString(l) < width {
		return l
	}
	return string([]rune(l)[:width-1])
}
