// Package proc runs one child process the way agent CLIs need it: in its
// own process group, stopped as a group (SIGTERM, then SIGKILL after a
// grace period) on timeout or cancellation; with a minimal environment
// built from a given parent environment; with stdout handed to an
// io.Writer (Lines splits it into lines of any length) and stderr tail
// kept (Tail).
//
// No process outlives its run. Once the child exits, whatever is left of
// its group is killed at once, and so is any process still holding its
// stdout or stderr, such as a grandchild that left the group with setsid
// (found through /proc/PID/fd on Linux); Run does not wait for them. On
// Linux the child also dies with deepreview (Pdeathsig), and a program
// that calls BecomeSubreaper at start and KillOrphans at the end also
// ends the descendants that left the group and let go of the output.
//
// Owner names a process across pid reuse (pid and start time), for the
// records of working folders and reviews that a later run sweeps when
// their owner has died.
package proc
