package ui

import (
	"fmt"
	"io"
	"time"
)

// Stage says what the review is doing now: "snapshot", "agents",
// "consolidating", "writing". Shown from the first second, so a big
// repository never means a blank screen; safe for concurrent use.
func (p *Progress) Stage(name string) {
	select {
	case <-p.quit:
		return
	default:
	}
	select {
	case p.items <- item{stage: name, at: p.opt.Now()}:
	case <-p.quit:
	}
}

// stageLine is the live header: the stage, how long it has taken, the
// agents finished of those started, and the total elapsed.
func (p *Progress) stageLine(now time.Time) string {
	done := 0
	for _, s := range p.agents {
		if s.ended {
			done++
		}
	}
	l := fmt.Sprintf("deepreview: %s %s", p.stage, dur(now.Sub(p.stageAt)))
	if len(p.agents) > 0 {
		l += fmt.Sprintf(" · agents %d/%d done", done, len(p.agents))
	}
	return l + " · total " + dur(now.Sub(p.started))
}

// setStage records a new stage; in plain mode it is a line of its own
// with the total elapsed so far and how long the previous stage took.
func (p *Progress) setStage(name string, at time.Time) {
	prev, took := p.stage, at.Sub(p.stageAt)
	p.stage, p.stageAt = name, at
	if p.opt.Live {
		return
	}
	line := fmt.Sprintf("%s %s (total %s", at.Format("15:04:05"), name, dur(at.Sub(p.started)))
	if prev != "" {
		line += fmt.Sprintf("; %s took %s", prev, dur(took))
	}
	io.WriteString(p.w, line+")\n")
}

// dur is d rounded for people: tenths of a second under a minute.
func dur(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
