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
// A change is a repository (its RepoID: owner/name of its GitHub remote,
// else a hash of its root commit and its folder's absolute path, so two
// unrelated repositories in folders of one name are never confused) and a
// pull request number or a branch. A review's round is 1 + the highest
// round held by the change's finished or still running reviews, given out
// under the store's lock, so two reviews of one change started at once
// get distinct rounds. A review that fails or is abandoned gives its
// round back and stays as an attempt (Attempt). A detached HEAD names no
// branch, so it has no implicit previous round: CreateAfter links it to
// one explicitly (`deepreview review --round-of ID`).
package store
