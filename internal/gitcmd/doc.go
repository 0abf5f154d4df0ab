// Package gitcmd runs git as a subprocess with a fixed, non-interactive
// environment and returns failures as *Error, which keeps the exit code and
// stderr so callers can tell "no such ref" from a broken repository.
package gitcmd
