// Package proc runs one child process the way agent CLIs need it: in its
// own process group, stopped as a group (SIGTERM, then SIGKILL after a
// grace period) on timeout or cancellation and killed as a group after it
// exits, so no grandchild outlives it; with a minimal environment built
// from a given parent environment; with stdout handed to an io.Writer
// (Lines splits it into lines of any length) and stderr tail kept (Tail).
package proc
