// Package consolidate turns several agent reviews of one change into one
// report: findings of different agents that describe the same defect are
// merged (package cluster proposes, an optional consolidator agent confirms
// or splits, re-rates and drops with reasons), every source finding is
// accounted for, locations are checked against the reviewed tree, and the
// retro figures and the verdict are computed by code.
//
// Accounting is an invariant, not a hope: every finding of every review
// ends in exactly one consolidated finding or in the dropped list with a
// reason, and Consolidate returns an error rather than a report that
// breaks this. A consolidator whose decision document is invalid gets one
// repair attempt; after that the deterministic consolidation is used and
// the report says so.
package consolidate
