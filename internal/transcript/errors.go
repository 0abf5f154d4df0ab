package transcript

import (
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// errNoResult is the Error of a transcript without its terminal event: the
// run was cut short, or is still going.
const errNoResult = "no result event"

// Reasons prefixed to an error message, so a reader (and the report) can
// tell a quota problem from a broken key or a refusal at a glance.
const (
	reasonQuota    = "rate limit or quota"
	reasonAuth     = "authentication"
	reasonAPI      = "api error"
	reasonRefusal  = "refusal"
	reasonMaxTurns = "max turns"
)

// maxErrorLen bounds an error message; API errors can carry whole bodies.
const maxErrorLen = 2000

// describe returns "reason (HTTP status): msg", the reason guessed from the
// HTTP status and the message when kind is "". status 0 means unknown.
func describe(kind string, status int, msg string) string {
	msg = safetext.Clip(strings.TrimSpace(msg), maxErrorLen)
	if kind == "" {
		kind = classify(status, msg)
	}
	head := kind
	if status != 0 {
		head = fmt.Sprintf("%s (HTTP %d)", kind, status)
	}
	switch {
	case head == "":
		return msg
	case msg == "":
		return head
	}
	return head + ": " + msg
}

// classify guesses why a run failed from an HTTP status and an error
// message; "" when nothing is recognised.
func classify(status int, msg string) string {
	m := strings.ToLower(msg)
	switch {
	case containsAny(m, "max turns", "max_turns", "turn limit", "turnlimit", "max session turns"):
		return reasonMaxTurns
	case status == 429 || containsAny(m, "429", "rate limit", "rate_limit", "ratelimit",
		"usage limit", "quota", "resource_exhausted", "resource exhausted",
		"credit balance", "billing", "too many requests", "limit reached", "exceeded your"):
		return reasonQuota
	case status == 401 || status == 403 || containsAny(m, "401", "403", "unauthorized",
		"unauthenticated", "authentication", "invalid api key", "api key", "api_key",
		"/login", "oauth", "forbidden", "permission_denied"):
		return reasonAuth
	case status >= 500 || containsAny(m, "api error", "overloaded", "529",
		"internal server error", "service unavailable", "bad gateway"):
		return reasonAPI
	case containsAny(m, "refus", "safety", "blocked"):
		return reasonRefusal
	}
	return ""
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// errNoTurnCompleted is codex's errNoResult.
const errNoTurnCompleted = "no turn.completed event"

// Incomplete reports whether m's only error is that its transcript lacks
// the terminal event: secondary when the process itself failed (a crash or
// a timeout explains the missing event better).
func Incomplete(m Metrics) bool {
	return strings.HasPrefix(m.Error, errNoResult) || strings.HasPrefix(m.Error, errNoTurnCompleted)
}
