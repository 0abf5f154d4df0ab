package agent

import "time"

// EventKind says what happened to an agent.
type EventKind int

// The events of one agent's run: Started once, Tool for each tool call,
// Finished once (also for an agent that could not be started).
const (
	Started EventKind = iota
	Tool
	Finished
)

// Event is one step of an agent's run, for progress display.
type Event struct {
	Kind  EventKind
	Agent string // Spec.Name
	Time  time.Time
	// Tool is the name of the latest tool call and Tools the number of
	// calls so far (Tool and Finished events).
	Tool  string
	Tools int
	// Result is set on Finished.
	Result *Result
}

// Observer receives events from all agents at once: it must be safe for
// concurrent use and return quickly. A nil Observer is allowed.
type Observer func(Event)

func (o Observer) send(e Event) {
	if o != nil {
		o(e)
	}
}
