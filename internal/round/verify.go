package round

import (
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// Statuses a previous finding gets from the agents' verdicts, beside
// those of Compare.
const (
	PartlyFixed = "partly-fixed"
	Unverified  = "unverified"
	Declined    = "declined"
)

// Verify gives each previous finding the verdicts the agents wrote in
// their "Previous Findings" sections (read from their original reviews;
// a failed agent's text is not read) and settles its status: one this
// round reported again stays open; otherwise the verdict most agents gave
// wins (a tie goes to the least favourable: not fixed, partly fixed, no
// longer applies, fixed), and one no agent judged is unverified rather
// than fixed. A finding whose file is gone stays not-applicable unless an
// agent judged it.
func Verify(prev []report.PreviousFinding, originals []report.Original) {
	byID := map[string]int{}
	for i := range prev {
		byID[prev[i].ID] = i
		prev[i].Verdicts = nil
	}
	for _, o := range originals {
		if o.Error != "" || o.Text == "" {
			continue
		}
		for _, v := range finding.ParsePreviousFindings(o.Text) {
			if i, ok := byID[v.ID]; ok && !judged(prev[i].Verdicts, o.Agent) {
				prev[i].Verdicts = append(prev[i].Verdicts, report.AgentVerdict{Agent: o.Agent, Verdict: v.Verdict, Evidence: v.Evidence})
			}
		}
	}
	for i := range prev {
		prev[i].Status = settle(prev[i])
	}
}

// judged reports whether agent already judged the finding (an agent with
// two passes counts once, its first).
func judged(vs []report.AgentVerdict, agent string) bool {
	for _, v := range vs {
		if v.Agent == agent {
			return true
		}
	}
	return false
}

// severity orders verdicts from least to most favourable to the author,
// for ties.
var severity = []string{finding.VerdictNotFixed, finding.VerdictPartlyFixed, finding.VerdictNoLonger, finding.VerdictFixed}

var statusOf = map[string]string{
	finding.VerdictNotFixed:    Open,
	finding.VerdictPartlyFixed: PartlyFixed,
	finding.VerdictNoLonger:    NotApplicable,
	finding.VerdictFixed:       Fixed,
}

func settle(p report.PreviousFinding) string {
	if p.Status == Open && p.NowID != "" {
		return Open
	}
	if len(p.Verdicts) == 0 {
		if p.Status == NotApplicable {
			return NotApplicable
		}
		return Unverified
	}
	votes := map[string]int{}
	for _, v := range p.Verdicts {
		votes[v.Verdict]++
	}
	best := ""
	for _, v := range severity {
		if votes[v] > votes[best] {
			best = v
		}
	}
	return statusOf[best]
}
