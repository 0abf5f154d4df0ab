// Package workspace turns a review target into a Change (head, base, merge
// base, commits, changed files).
//
// The user's working tree, index and branches are never touched: a pull
// request is fetched into refs/deepreview/pr-N/{head,base}, which are not
// branches. The agents' view of the head is internal/snapshot's, outside
// the user's repository.
package workspace
