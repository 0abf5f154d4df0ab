package report

import (
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// Suggestion returns the code of f's fix when it can be applied as a
// replacement of the lines f cites (a GitHub suggestion block, a
// reviewdog suggestion): the fix is exactly one fenced code
// block that is not a diff, the finding's location was verified against
// the reviewed tree, and the code comes through safetext.Fence unchanged
// (nothing removed from it, nothing in it able to close the block).
func Suggestion(f Finding) (string, bool) {
	if f.LocationCheck.Status != LocationVerified || len(f.Locations) == 0 || f.Locations[0].StartLine <= 0 {
		return "", false
	}
	_, rest := FixLabel(f.Fix)
	code, ok := onlyFence(rest)
	if !ok || looksLikeDiff(code) {
		return "", false
	}
	fenced := safetext.Fence(code, "suggestion")
	_, inner, _ := strings.Cut(fenced, "\n")
	if i := strings.LastIndex(inner, "\n"); i >= 0 {
		inner = inner[:i]
	} else {
		inner = ""
	}
	if inner != code {
		return "", false
	}
	return code, true
}

// onlyFence returns the content of s when s is exactly one fenced code
// block (``` or ~~~, closed) whose info string does not say diff or
// patch.
func onlyFence(s string) (string, bool) {
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n")
	if len(lines) < 2 {
		return "", false
	}
	open := lines[0]
	c := open[0]
	if c != '`' && c != '~' {
		return "", false
	}
	n := len(open) - len(strings.TrimLeft(open, string(c)))
	info := strings.TrimSpace(open[n:])
	if n < 3 || (c == '`' && strings.Contains(info, "`")) {
		return "", false
	}
	if lang := strings.ToLower(strings.Fields(info + " x")[0]); lang == "diff" || lang == "patch" || lang == "udiff" {
		return "", false
	}
	if !closes(lines[len(lines)-1], c, n) {
		return "", false
	}
	inner := lines[1 : len(lines)-1]
	for _, l := range inner {
		if closes(l, c, n) {
			return "", false // a second block, or text after the first
		}
	}
	return strings.Join(inner, "\n"), true
}

// closes reports whether line closes a fence of n characters c: up to
// three spaces, at least n of c, then only spaces.
func closes(line string, c byte, n int) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	run := len(t) - len(strings.TrimLeft(t, string(c)))
	return run >= n && strings.TrimSpace(t[run:]) == ""
}

// looksLikeDiff is true for code whose lines are a diff's: a hunk header,
// or every non-blank line marked + or -. Such a block would be applied
// with its markers; it is shown as a fix, not suggested.
func looksLikeDiff(code string) bool {
	marked, other := 0, 0
	for l := range strings.SplitSeq(code, "\n") {
		switch {
		case strings.HasPrefix(l, "@@ "):
			return true
		case strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-"):
			marked++
		case strings.TrimSpace(l) != "":
			other++
		}
	}
	return marked > 0 && other == 0
}
