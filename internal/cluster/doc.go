// Package cluster decides which findings of different agents describe the
// same defect. It is deterministic: the same findings in the same order
// always give the same clusters. Scores are sums taken in word order, so
// equal inputs give bit-identical scores, and ties between pairs are
// broken by a total order (score, then item indexes), never by map order.
//
// Findings are bucketed by the file they cite, under finding's one path
// rule (finding.Files: the exact path, a tail only when one file has it);
// within a file a sweep over line ranges compares only findings whose
// ranges lie within a window of each other. Findings whose titles name the
// same code but that no range brings together (far apart in one file, or
// in different files) are compared too, and need strong agreement. A
// candidate pair scores by line proximity and by the similarity of title
// and body (words weighted by how rare they are among the findings,
// identifiers quoted in backticks and title words weighted more). Pairs
// are merged greedily, best score first, with union-find under two
// constraints: a cluster holds at most one finding per agent, and every
// two members of a cluster have related text (complete linkage), so a
// chain of near pairs does not join two defects that share nothing.
//
// What keeps lexical clustering from the reports' own consolidation (the
// scoreboard in scoreboard_test.go measures it) is meaning: the same
// defect in other words ("reader is never closed" and "connection leak on
// disconnect"), and two defects in the same words at the same lines. A
// consolidator agent, when configured, confirms or splits the proposal.
package cluster
