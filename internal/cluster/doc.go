// Package cluster decides which findings of different agents describe the
// same defect. It is deterministic: the same findings in the same order
// always give the same clusters. Words are numbered in sorted order and
// scores are sums taken in that order, so equal inputs give bit-identical
// scores, and ties between pairs are broken by a total order (score, then
// item indexes), never by map order.
//
// Each finding becomes a vector of its words (title words and identifiers
// quoted in backticks weighted more, parts of an identifier less), each
// weighted by how rare it is among the review's own findings (idf), so a
// word every finding uses says little and a symbol two findings share says
// a lot. Two findings of different agents are a candidate pair when the
// cosine of their vectors reaches a threshold that depends on one thing
// only: whether a line range brings them together.
//
//   - Near (ranges that overlap or lie within Near lines in one file, under
//     finding's one path rule: finding.Files): minNear, some agreement in
//     wording. A sweep over ranges sorted by start finds these pairs. When
//     both titles name code and none of it is the same, at near lines that
//     do not overlap, the pair needs minSideBySide: two defects side by
//     side.
//   - Apart (anything else: far apart in one file, different files, a
//     whole-file location): minApart, strong agreement, whatever the
//     distance. Agents cite one defect where a constant is defined and
//     where it is used, at the caller and at the callee, in the code and in
//     its documentation; past Near lines, distance says nothing more
//     (measured: the reports merge such pairs at 40 lines and at 300 alike,
//     and a bar that rose with distance only lost them). These pairs are
//     found through an index from each rare word to the findings that use
//     it (apartPairs), which compares the findings that could agree
//     without comparing every pair.
//
// Pairs are merged greedily, best score first (cosine plus a bonus for
// close lines, so that of two equally worded candidates the closer wins),
// with union-find under two constraints: a cluster holds at most one
// finding per agent, and every two members of a cluster have related text
// (complete linkage, minLink), so a chain of near pairs does not join two
// defects that share nothing. Greedy best-first already makes each merge a
// mutual best match between the two agents' findings still free; an
// explicit mutual-best filter changed nothing on the corpus.
//
// The thresholds were set on the merge scoreboard (scoreboard_test.go):
// the real reports' own consolidation, split by name into two halves,
// tuned on the even half and checked on the odd half. On the 103 reports
// of rancher-sandbox/rancher-desktop-daemon (53 with cross-agent merges),
// precision 0.907 and recall 0.843, where a fixed 25-line window with a
// title-symbol rule for distant pairs had 0.836 and 0.800. Tried and
// rejected for lack of effect on either half: more or less weight for
// titles, identifiers and identifier parts; steeper idf; a separate title
// similarity; less weight for quoted code blocks (they carry evidence: the
// recall fell); a penalty for different kinds of finding (comment, test,
// performance) at the same lines; wider or narrower near windows.
//
// What keeps lexical clustering from the reports' own consolidation is
// meaning: the same defect in other words ("reader is never closed" and
// "connection leak on disconnect"), one agent's finding that covers two
// defects another agent reported apart, and two defects in the same words
// at the same lines (the same quoted code, a different complaint about
// it). A consolidator agent, when configured, confirms or splits the
// proposal.
package cluster
