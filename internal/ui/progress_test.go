package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/transcript"
)

var t0 = time.Date(2026, 11, 3, 12, 3, 4, 0, time.Local)

// run is a review of three agents: one done, one timed out, one crashed
// before it produced anything, with times relative to t0.
func run() []agent.Event {
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	done := &agent.Result{Name: "claude", DurationMS: 192_000,
		Metrics: transcript.Metrics{ToolCalls: transcript.ToolCalls{Total: 41}}}
	timeout := &agent.Result{Name: "codex", DurationMS: 600_000, Err: "timeout after 10m0s"}
	crash := &agent.Result{Name: "gemini", DurationMS: 1500, Err: "exit status 1:\nAPI error\x1b[2J"}
	return []agent.Event{
		{Kind: agent.Started, Agent: "claude", Time: at(0)},
		{Kind: agent.Started, Agent: "codex", Time: at(0)},
		{Kind: agent.Started, Agent: "gemini", Time: at(0)},
		{Kind: agent.Tool, Agent: "claude", Time: at(time.Second), Tool: "Read", Tools: 1},
		{Kind: agent.Tool, Agent: "claude", Time: at(2 * time.Second), Tool: "Bash", Tools: 2},
		{Kind: agent.Finished, Agent: "gemini", Time: at(1500 * time.Millisecond), Result: crash},
		{Kind: agent.Tool, Agent: "claude", Time: at(40 * time.Second), Tool: "Read\n", Tools: 7},
		{Kind: agent.Finished, Agent: "claude", Time: at(192 * time.Second), Result: done},
		{Kind: agent.Finished, Agent: "codex", Time: at(10 * time.Minute), Result: timeout},
	}
}

func TestPlain(t *testing.T) {
	var out bytes.Buffer
	p := Start(&out, Options{})
	for _, e := range run() {
		p.Observe(e)
	}
	p.Close()
	p.Observe(run()[0]) // dropped, and no panic
	want := `12:03:04 claude started
12:03:04 codex started
12:03:04 gemini started
12:03:05 claude tool Read (1)
12:03:05 gemini failed: exit status 1: API error
12:03:44 claude tool Read (7)
12:06:16 claude done in 3m12s, 41 tool calls
12:13:04 codex failed: timeout after 10m0s
`
	if out.String() != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestLive(t *testing.T) {
	events := run()
	var out bytes.Buffer
	now := t0.Add(65 * time.Second)
	p := Start(&out, Options{Live: true, Width: 60, Interval: time.Hour, Now: func() time.Time { return now }})
	for _, e := range events[:7] { // codex and claude still running
		p.Observe(e)
	}
	p.Close()
	want := "\r\x1b[2Kclaude  running     1m5s  7 tool calls, last Read\n" +
		"\r\x1b[2Kcodex   running     1m5s  0 tool calls\n" +
		"\r\x1b[2Kgemini  failed        2s  exit status 1: API error\n"
	if out.String() != want {
		t.Errorf("first draw:\n%q\nwant\n%q", out.String(), want)
	}

	// a redraw goes back up over the lines drawn before
	for _, e := range events[7:] {
		p.handle(e)
	}
	out.Reset()
	p.opt.Width = 40
	p.redraw()
	want = "\x1b[3A" +
		"\r\x1b[2Kclaude  done       3m12s  41 tool calls\n" +
		"\r\x1b[2Kcodex   failed     10m0s  timeout after\n" +
		"\r\x1b[2Kgemini  failed        2s  exit status 1\n"
	if out.String() != want {
		t.Errorf("redraw:\n%q\nwant\n%q", out.String(), want)
	}
}

func TestLiveTicks(t *testing.T) {
	var out syncBuffer
	p := Start(&out, Options{Live: true, Interval: time.Millisecond})
	p.Observe(agent.Event{Kind: agent.Started, Agent: "claude", Time: time.Now()})
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(out.String(), "\x1b[1A") < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.Close()
	if n := strings.Count(out.String(), "\x1b[1A"); n < 2 {
		t.Errorf("%d redraws by the ticker, want at least 2: %q", n, out.String())
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"abcdef", 0, "abcdef"},
		{"abcdef", 7, "abcdef"},
		{"abcdef", 6, "abcde"},
		{"héllo wörld", 5, "héll"},
	}
	for _, tt := range tests {
		if got := cut(tt.in, tt.width); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestMessages writes the pipeline's notes through Progress: in order with
// the events in plain mode, above the live lines on a terminal, and
// straight through after Close.
func TestMessages(t *testing.T) {
	var out bytes.Buffer
	p := Start(&out, Options{})
	p.Observe(run()[0])
	p.Write([]byte("deepreview: a note\n"))
	p.Close()
	p.Write([]byte("after\n"))
	if want := "12:03:04 claude started\ndeepreview: a note\nafter\n"; out.String() != want {
		t.Errorf("plain:\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	live := Start(&out, Options{Live: true, Interval: time.Hour, Now: func() time.Time { return t0 }})
	live.Observe(run()[0])
	live.Close() // draws the line
	live.drawn = 1
	live.message([]byte("note\n"))
	if want := "\r\x1b[2Kclaude  running       0s  0 tool calls\n\x1b[1A\x1b[Jnote\n"; out.String() != want {
		t.Errorf("live:\n%q\nwant\n%q", out.String(), want)
	}
}

// TestStages checks the stage lines: in plain mode each stage is a line
// with the total elapsed and what the previous stage took; live, the
// stage heads the agents' lines with the agents done so far.
func TestStages(t *testing.T) {
	now := t0
	clock := func() time.Time { return now }
	var plain bytes.Buffer
	p := Start(&plain, Options{Now: clock})
	p.Stage("snapshot")
	now = now.Add(1500 * time.Millisecond)
	p.Stage("agents")
	now = now.Add(8 * time.Second)
	p.Stage("consolidating")
	p.Close()
	want := "12:03:04 snapshot (total 0.0s)\n" +
		"12:03:05 agents (total 1.5s; snapshot took 1.5s)\n" +
		"12:03:13 consolidating (total 9.5s; agents took 8.0s)\n"
	if plain.String() != want {
		t.Errorf("plain stages:\n%s\nwant:\n%s", plain.String(), want)
	}

	now = t0
	var live bytes.Buffer
	p = Start(&live, Options{Live: true, Now: clock, Interval: time.Hour})
	p.Stage("agents")
	p.Observe(agent.Event{Kind: agent.Started, Agent: "claude", Time: t0})
	p.Observe(agent.Event{Kind: agent.Started, Agent: "codex", Time: t0})
	p.Observe(agent.Event{Kind: agent.Finished, Agent: "codex", Time: t0, Result: &agent.Result{Name: "codex", DurationMS: 2000}})
	now = now.Add(3 * time.Second)
	p.Close()
	if got := live.String(); !strings.Contains(got, "deepreview: agents 3.0s · agents 1/2 done · total 3.0s") {
		t.Errorf("live stage line missing:\n%q", got)
	}
}
