// Package workspace turns a review target into a Change (head, base, merge
// base, commits, changed files) and gives each agent its own detached
// worktree of the head commit.
//
// The user's working tree, index and branches are never touched: a pull
// request is fetched into refs/deepreview/pr-N/{head,base}, which are not
// branches, and worktrees are created detached in a temporary folder and
// removed afterwards. Only git's own bookkeeping changes (.git/worktrees,
// pruned by Remove, and the refs/deepreview namespace), with two
// exceptions a Change's Notices report: a shallow clone whose history
// stops short of the merge base is deepened (git fetch --unshallow), and
// uncommitted changes, which are not reviewed, are named.
//
// Git operations that change the repository take turns between
// concurrent deepreview processes under LockRepo, a lock file in the
// common git folder.
package workspace
