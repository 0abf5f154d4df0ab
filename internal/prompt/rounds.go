package prompt

import (
	"fmt"
	"strings"
)

// Decline is a finding the author declined (skipped, with a reason) in
// an earlier round.
type Decline struct {
	ID     string // its id in the round it was declined in
	Round  int
	Title  string
	Reason string
	// Changed is set when the code it cites changed since it was declined.
	Changed bool
}

// Since is what changed between the previous round's head and this one's.
type Since struct {
	PreviousHead string
	Commits      []Commit // new commits since the previous head
	// Interdiff is the file holding the diff from the previous round's
	// head to this head.
	Interdiff string
	// RangeDiff is the file holding `git range-diff` of the previous
	// round's commits against these, when the branch was rewritten
	// (the previous head is no ancestor of this one); "" otherwise.
	RangeDiff string
}

// writePrevious asks the agents to judge each finding of the previous
// round, in the section the skill specifies.
func writePrevious(b *strings.Builder, round int, prev []Previous) {
	if round <= 1 {
		return
	}
	fmt.Fprintf(b, "\n## Round %d\n\nThis change was reviewed before; this is round %d. ", round, round)
	if len(prev) == 0 {
		b.WriteString("The previous round found nothing.\n")
		return
	}
	b.WriteString("The previous round's consolidated findings were (id, severity, title, location, fingerprint, and what the author says was done; the author's word is a claim to check, not a fact):\n\n")
	for _, p := range prev {
		fmt.Fprintf(b, "- %s (%s) **%s**%s", p.ID, p.Severity, oneLine(p.Title), locations(p.Locations))
		if p.Fingerprint != "" {
			fmt.Fprintf(b, " [fingerprint %s]", p.Fingerprint)
		}
		if p.Resolution != "" {
			fmt.Fprintf(b, " — author: %s", oneLine(p.Resolution))
		}
		b.WriteString("\n")
	}
	b.WriteString(`
Check each of them against the code as it is now, at the place it cites
(or where that code went). Add a section "## Previous Findings" right
after your Executive Summary with one line per finding above, in exactly
this shape, the verdict one of: fixed, not fixed, partly fixed, no longer
applies; then the evidence, the code as it is now:

    - I1: fixed — ` + "`Put`" + ` now makes the map (kv.go:9)
    - S2: not fixed — ` + "`Get`" + ` still has no doc comment (kv.go:5)
    - C1: partly fixed — Put is locked, Delete is not (kv.go:20)
    - S3: no longer applies — the file is gone

Do not guess: a finding you did not check gets no line. Report a finding
that is not fixed again under Findings, with its current location and
your own id.
`)
}

// writeDeclined lists the findings the author declined, and asks the
// agents not to raise them again unless their code changed.
func writeDeclined(b *strings.Builder, declined []Decline) {
	if len(declined) == 0 {
		return
	}
	b.WriteString("\n## Declined in earlier rounds\n\nThe author declined these findings, with these reasons. Do not report them again unless the code they cite changed (marked below) or you have new evidence the reason does not cover; if you do, say in the finding what changed.\n\n")
	for _, d := range declined {
		changed := "its code has not changed since"
		if d.Changed {
			changed = "its code CHANGED since"
		}
		fmt.Fprintf(b, "- round %d %s **%s** — reason: %s (%s)\n", d.Round, d.ID, oneLine(d.Title), oneLine(d.Reason), changed)
	}
}

// writeSince points to what changed since the previous round.
func writeSince(b *strings.Builder, s *Since) {
	if s == nil {
		return
	}
	fmt.Fprintf(b, "\n## Since the previous round\n\nThe previous round reviewed head `%s`.", s.PreviousHead)
	switch {
	case s.RangeDiff != "":
		fmt.Fprintf(b, " The branch was rewritten since (that head is no ancestor of this one, a force-push): `%s` holds `git range-diff` of the previous round's commits against these, and `%s` the diff between the two heads.\n", s.RangeDiff, s.Interdiff)
	case s.Interdiff != "":
		fmt.Fprintf(b, " The diff since then is in `%s`; the changes there are where the author answered the previous round.\n", s.Interdiff)
	default:
		b.WriteString("\n")
	}
	if len(s.Commits) > 0 {
		fmt.Fprintf(b, "\nCommits since then (%d):\n\n", len(s.Commits))
		for _, c := range s.Commits {
			fmt.Fprintf(b, "- `%s` %s\n", short(c.SHA), oneLine(c.Subject))
		}
	}
}

// oneLine keeps untrusted text on its line of the prompt.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
