// Package ui shows the agents' progress on stderr, never on stdout.
//
// On a terminal each agent has one line (state, elapsed time, tool calls,
// last tool) redrawn in place about four times a second by a single
// goroutine that owns the terminal, as restic's termstatus does. Elsewhere
// (CI logs, files) it writes plain timestamped lines for state changes and,
// at most every half minute per agent, tool progress.
package ui
