// Package cluster decides which findings of different agents describe the
// same defect. It is deterministic: the same findings in the same order
// always give the same clusters.
//
// Findings are bucketed by path, so only findings that share a file are
// ever compared; within a file a sweep over line ranges compares only
// findings whose ranges lie within a window of each other. A candidate pair
// scores by line proximity and by the similarity of title and body (words
// weighted by how rare they are among the findings, identifiers quoted in
// backticks and title words weighted more). Pairs are merged greedily, best
// score first, with union-find under one constraint: a cluster holds at
// most one finding per agent, so two findings of the same agent are never
// merged.
package cluster
