// Package workspace turns a review target into a Change (head, base, merge
// base, commits, changed files) and gives each agent its own detached
// worktree of the head commit.
//
// The user's working tree, index and branches are never touched: a pull
// request is fetched into refs/deepreview/pr-N/{head,base}, which are not
// branches, and worktrees are created detached in a temporary folder and
// removed afterwards. Only git's own bookkeeping changes (.git/worktrees,
// pruned by Remove, and the refs/deepreview namespace).
package workspace
