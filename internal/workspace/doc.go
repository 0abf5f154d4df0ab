// Package workspace turns a review target into a Change (head, base, merge
// base, commits, changed files).
//
// The user's working tree, index and branches are never touched: a pull
// request is fetched into refs/deepreview/pr-N/{head,base}, which are not
// branches. The agents' view of the head is internal/snapshot's, outside
// the user's repository. Two exceptions a Change's Notices report: a
// shallow clone whose history stops short of the merge base is deepened
// (git fetch --unshallow), and uncommitted changes, which are not
// reviewed, are named.
//
// Git operations that change the repository take turns between
// concurrent deepreview processes under LockRepo, a lock file in the
// common git folder.
package workspace
