package cli

import (
	"errors"
	"fmt"

	"github.com/deepreview/deepreview/internal/review"
)

// Exit statuses of deepreview, documented in the README and in
// 'deepreview help': scripts and CI tell a failed run from a review whose
// verdict failed the gate.
const (
	exitOK      = 0 // done; a review's verdict below --fail-on
	exitFailure = 1 // the command failed (an agent-less review, GitHub refused, …)
	exitUsage   = 2 // the command line is wrong
	exitVerdict = 3 // the review finished and its verdict reached --fail-on
)

// errVerdict marks a review whose verdict reached --fail-on: exit status 3.
var errVerdict = errors.New("verdict")

// verdictError is a finished review whose verdict fails the gate.
type verdictError struct {
	id, decision, failOn string
}

func (e *verdictError) Error() string {
	return fmt.Sprintf("review %s: verdict %q reaches --fail-on %s", e.id, e.decision, e.failOn)
}

func (e *verdictError) Is(target error) bool { return target == errVerdict }

// gate turns a finished review whose verdict reaches failOn into a
// verdictError; the report is printed by then.
func gate(res *review.Result, failOn review.FailOn) error {
	if !failOn.Fails(res.Report.Verdict.Decision) {
		return nil
	}
	return &verdictError{id: res.Report.ID, decision: res.Report.Verdict.Decision, failOn: string(failOn)}
}
