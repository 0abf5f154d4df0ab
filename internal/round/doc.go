// Package round follows findings from one round of review of a change to
// the next.
//
// A finding's fingerprint is a hash of its primary location's path, its
// normalized title (lower case, words only) and the whitespace-normalized
// text of the source line its location starts at, read from the reviewed
// tree. Line numbers are not part of it, so code that moved keeps its
// fingerprint; a finding without a line, or whose line is past the end of
// the file, hashes an empty line.
//
// Compare matches round N-1's findings to round N's, one to one:
//
//  1. equal fingerprints;
//  2. then, for what is left, the same primary path and normalized title
//     (the code under the finding changed but the defect is the same).
//
// A matched previous finding is open (and the current one is open too);
// an unmatched one is not-applicable when its file no longer exists in the
// new tree, else fixed. Current findings left unmatched are new.
package round
