package finding

import (
	"regexp"
	"strings"

	"github.com/deepreview/deepreview/internal/safetext"
)

// Verdicts an agent gives a finding of the previous round, in its
// "## Previous Findings" section.
const (
	VerdictFixed       = "fixed"
	VerdictNotFixed    = "not-fixed"
	VerdictPartlyFixed = "partly-fixed"
	VerdictNoLonger    = "no-longer-applies"
)

// PreviousVerdict is one agent's judgement of one previous finding:
//
//   - I1: fixed — `Put` now makes the map (kv.go:9)
type PreviousVerdict struct {
	ID       string `json:"id"`
	Verdict  string `json:"verdict"` // one of the Verdict constants
	Evidence string `json:"evidence,omitempty"`
}

// maxEvidence bounds one verdict's evidence: a line, not an essay.
const maxEvidence = 600

var (
	previousHeading = regexp.MustCompile(`(?i)^#{1,4}\s*previous\s+(round\s+)?findings\b`)
	anyHeading      = regexp.MustCompile(`^#{1,6}\s`)
	// "- I1: fixed — evidence", "* **S2** — not fixed: evidence",
	// "1. C1 - no longer applies (evidence)".
	verdictLine = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*|` + "`" + `)?([CIScis][0-9]{1,3})(?:\*\*|` + "`" + `)?\s*(?::|—|–|-)?\s*(.*)$`)
)

// verdictWords maps how agents word a verdict to its constant, longest
// first so "not fixed" is not read as "fixed".
var verdictWords = []struct{ word, verdict string }{
	{"no longer applies", VerdictNoLonger},
	{"no longer applicable", VerdictNoLonger},
	{"not applicable", VerdictNoLonger},
	{"partially fixed", VerdictPartlyFixed},
	{"partly fixed", VerdictPartlyFixed},
	{"not fixed", VerdictNotFixed},
	{"still open", VerdictNotFixed},
	{"unfixed", VerdictNotFixed},
	{"open", VerdictNotFixed},
	{"fixed", VerdictFixed},
	{"resolved", VerdictFixed},
}

// ParsePreviousFindings reads the verdicts of an agent's "## Previous
// Findings" section (any heading level up to 4) from its review text: one
// list item per finding, its id, a verdict word and the evidence. Lines it
// cannot read are skipped; a finding judged twice keeps its first verdict.
// The text is untrusted: nothing in it is more than data.
func ParsePreviousFindings(text string) []PreviousVerdict {
	var out []PreviousVerdict
	seen := map[string]bool{}
	in, inFence := false, false
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if anyHeading.MatchString(trimmed) {
			in = previousHeading.MatchString(trimmed)
			continue
		}
		if !in {
			continue
		}
		v, ok := parseVerdict(line)
		if ok && !seen[v.ID] {
			seen[v.ID] = true
			out = append(out, v)
		}
	}
	return out
}

func parseVerdict(line string) (PreviousVerdict, bool) {
	m := verdictLine.FindStringSubmatch(line)
	if m == nil {
		return PreviousVerdict{}, false
	}
	rest := strings.TrimLeft(m[2], "*_` ")
	lower := strings.ToLower(rest)
	for _, w := range verdictWords {
		if !strings.HasPrefix(lower, w.word) {
			continue
		}
		if len(lower) > len(w.word) && isWordByte(lower[len(w.word)]) {
			continue // "fixedness", "opened"
		}
		// "**fixed**: …": the verdict's own markup, then the separator.
		evidence := strings.TrimLeft(strings.TrimLeft(rest[len(w.word):], "*_"), ":;,.—–- ")
		return PreviousVerdict{ID: strings.ToUpper(m[1]), Verdict: w.verdict, Evidence: safetext.Clip(strings.TrimSpace(evidence), maxEvidence)}, true
	}
	return PreviousVerdict{}, false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_'
}
