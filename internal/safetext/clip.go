package safetext

import "unicode/utf8"

// Clip shortens s to at most n bytes, on a rune boundary, marking the cut
// with "…" (so the result may be n+3 bytes): the one rule for bounding a
// piece of untrusted text that is shown whole otherwise.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
