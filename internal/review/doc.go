// Package review is deepreview's pipeline: one change in, one stored
// report out. It resolves the change (a local branch or a GitHub pull
// request), checks its head out once into a snapshot that every agent
// shares, confined by the sandbox (each with a scratch folder of its own),
// runs the agents in parallel, parses and consolidates their reviews,
// compares the result with the previous round, stores everything, and
// optionally posts the report as a pull request comment.
//
// Run is a library call: the CLI is one caller; a GitHub Action or a worker
// can be another.
package review
