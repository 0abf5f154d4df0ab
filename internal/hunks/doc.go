// Package hunks says which lines of a change a pull-request review comment
// can sit on. GitHub accepts a review comment on the new side ("RIGHT")
// only on a line inside one of the diff's hunks, and a comment spanning
// several lines only when its first and last line are in the same hunk.
//
// The diff is the change's own (git diff from the merge base to the
// head), so its text comes from the change under review: it is parsed
// with github.com/bluekeyes/go-gitdiff, bounded in size, and a diff that
// does not parse yields an error rather than a guess.
package hunks
