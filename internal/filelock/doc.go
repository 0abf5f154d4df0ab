// Package filelock serialises deepreview processes on a file lock: two
// reviews updating one repository's notes, or fetching into one
// repository's refs, take turns. The kernel drops a lock when its holder
// dies, so a crash never leaves a stale lock behind.
package filelock
