// Package store keeps reviews on disk, one folder per review, and per
// repository the user's notes and the proposals for them.
//
// Layout under the store's folder ($DEEPREVIEW_HOME, see Home):
//
//	reviews/<id>/meta.json       the review's Entry: change, round, state, verdict
//	reviews/<id>/report.json     the consolidated report (written by Finish)
//	reviews/<id>/report.md
//	reviews/<id>/agents/<name>/  per agent: prompt, transcript, review, stderr, metrics
//	repos/<owner>/<name>/notes.md        the user's notes, which every later review's prompt carries
//	repos/<owner>/<name>/proposals.json  consolidators' proposals for them: pending, accepted or rejected
//
// A consolidator's repo context updates and skill improvements are only
// proposals (Propose): it read the change under review, which can steer
// what it proposes. The user accepts or rejects them (Decide, `deepreview
// notes accept|reject ID`); an accepted one is appended to notes.md. The
// context.md and skill-proposals.md of older versions, whose notes were
// applied without consent, become pending proposals on first use and are
// renamed *.before-consent.
//
// Every whole-file write goes to a temporary file in the same folder and is
// renamed into place, so a reader never sees half a file. A review claims
// its folder with os.Mkdir, so two reviews started in the same second get
// distinct ids (the second gets a -2 suffix) whether they run in one process
// or two.
//
// Each review's meta.json records its owner: the deepreview process (pid
// and start time, see proc.Owner) and host running it. Sweep, which the
// CLI runs whenever it opens the store, marks Abandoned the running
// reviews whose owner on this host has died, so a review killed mid-way
// does not show as running forever. A Review also remembers which of its
// files could not be written (Unstored), so that the caller can say what
// is missing from the store when the disk fills up mid-run.
//
// A review's round is 1 + the number of finished reviews of the same change
// (same repository and pull request, or same repository and branch) when it
// starts; reviews that failed or are still running do not count, since no
// report of theirs could be compared against. Two reviews of one change
// running at once therefore get the same round.
package store
