package ui

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"golang.org/x/term"
)

// Options choose how progress is shown.
type Options struct {
	// Live redraws one line per agent in place; for terminals only.
	Live bool
	// Width cuts live lines so they never wrap; 0 means no limit.
	Width int
	// Interval between redraws; 0 means 250ms.
	Interval time.Duration
	// ToolEvery is the least time between two plain tool lines of one
	// agent; 0 means 30s.
	ToolEvery time.Duration
	// Now is the clock for elapsed times; nil means time.Now.
	Now func() time.Time
}

// Detect returns the Options for writing to f: live if f is a terminal
// whose TERM value is not "dumb".
func Detect(f *os.File, termName string) Options {
	fd := int(f.Fd())
	if termName == "dumb" || !term.IsTerminal(fd) {
		return Options{}
	}
	width, _, err := term.GetSize(fd)
	if err != nil {
		width = 0
	}
	return Options{Live: true, Width: width}
}

// Progress shows agent events. Its methods are safe for concurrent use;
// only its own goroutine writes to the output.
type Progress struct {
	w   io.Writer
	opt Options
	// items carries events and messages in the order they were sent.
	items chan item
	quit  chan struct{}
	done  chan struct{}

	// owned by the goroutine
	agents  []*state
	drawn   int // live lines on screen
	stage   string
	stageAt time.Time
	started time.Time
}

// Start shows progress on w until Close.
func Start(w io.Writer, opt Options) *Progress {
	if opt.Interval <= 0 {
		opt.Interval = 250 * time.Millisecond
	}
	if opt.ToolEvery <= 0 {
		opt.ToolEvery = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	p := &Progress{
		w: w, opt: opt, started: opt.Now(),
		items: make(chan item, 64),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go p.loop()
	return p
}

// Observe takes one event; pass p.Observe as the agent.Observer. Events
// after Close are dropped.
func (p *Progress) Observe(e agent.Event) {
	select {
	case <-p.quit:
		return
	default:
	}
	select {
	case p.items <- item{event: e}:
	case <-p.quit:
	}
}

// item is an event, a message when msg is set, or a stage when stage is.
type item struct {
	event agent.Event
	msg   []byte
	stage string
	at    time.Time
}

func (p *Progress) take(it item) {
	switch {
	case it.msg != nil:
		p.message(it.msg)
	case it.stage != "":
		p.setStage(it.stage, it.at)
	default:
		p.handle(it.event)
	}
}

// Write prints a message (the pipeline's notes) through the goroutine
// that owns the output, so it never interleaves with progress lines: on a
// terminal the live lines move below it. After Close it writes directly.
func (p *Progress) Write(b []byte) (int, error) {
	select {
	case <-p.quit:
		<-p.done
		return p.w.Write(b)
	default:
	}
	select {
	case p.items <- item{msg: append([]byte{}, b...)}:
		return len(b), nil
	case <-p.quit:
		<-p.done
		return p.w.Write(b)
	}
}

// Close shows the final state and returns once nothing more is written.
func (p *Progress) Close() {
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
	<-p.done
}

func (p *Progress) loop() {
	defer close(p.done)
	tick := time.NewTicker(p.opt.Interval)
	defer tick.Stop()
	for {
		select {
		case it := <-p.items:
			p.take(it)
		case <-tick.C:
			p.redraw()
		case <-p.quit:
			p.drain()
			p.redraw()
			return
		}
	}
}

// drain handles the events and messages sent before Close.
func (p *Progress) drain() {
	for {
		select {
		case it := <-p.items:
			p.take(it)
		default:
			return
		}
	}
}

// message writes m above the live lines, which the next redraw puts back.
func (p *Progress) message(m []byte) {
	if p.opt.Live && p.drawn > 0 {
		fmt.Fprintf(p.w, "\x1b[%dA\x1b[J", p.drawn)
		p.drawn = 0
	}
	p.w.Write(m)
}

func (p *Progress) handle(e agent.Event) {
	s := p.agent(e.Agent)
	line := s.update(e, p.opt.ToolEvery)
	if !p.opt.Live && line != "" {
		io.WriteString(p.w, e.Time.Format("15:04:05")+" "+e.Agent+" "+line+"\n")
	}
}

func (p *Progress) agent(name string) *state {
	for _, s := range p.agents {
		if s.name == name {
			return s
		}
	}
	s := &state{name: name}
	p.agents = append(p.agents, s)
	return s
}
