package cluster

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// Item is one finding as the clusterer sees it: which agent raised it and
// what it says.
type Item struct {
	Agent   string
	Finding *finding.Finding
}

// Thresholds: the text similarity a pair needs, by how close its line
// ranges are. Ranges that overlap or lie within Near lines of each other
// need some agreement in wording; anything else (far apart in one file,
// in different files, or a whole-file location) needs a lot, whatever the
// distance: an agent that cites where a constant is defined and another
// that cites where it is used describe one defect 300 lines apart as
// often as 30. What the titles say moves the bar (see bar).
const (
	// Near is how many lines apart two ranges may be and still count as near.
	Near = 25
	// Far is how many lines apart two ranges of one file may be and still
	// earn a bonus for proximity when candidates are ranked.
	Far = 120

	// minLink is the similarity every two members of a cluster need.
	minLink = 0.2
	// minNear is the similarity two findings at near lines need.
	minNear = 0.28
	// minNamedNear is the similarity two findings at near lines need
	// when their titles name the same code (a whole name in common). Any
	// value from 0.18 to 0.22 gave the same merges on the corpus.
	minNamedNear = 0.22
	// minApart is the similarity two findings need when no near range
	// brings them together.
	minApart = 0.38
	// minSideBySide is the similarity two findings at near but not
	// overlapping lines need when their titles name different code, and
	// any two findings need when one is about a comment, a test or the
	// cost of code and the other is not, or one is critical and the
	// other a suggestion.
	minSideBySide = 0.45
	// minNamedApart is the similarity two findings need when no near
	// range brings them together but their titles name the same code (a
	// word of a quoted name in common). Any value from 0.28 to 0.36 gave
	// the same merges on the corpus.
	minNamedApart = 0.32
	// minOtherCode is the similarity two findings at overlapping lines
	// need when their titles name code and no name shares a word. Any
	// value from 0.38 to 0.42 gave the same merges on the corpus.
	minOtherCode = 0.40

	// maxProximity is the ranking bonus of overlapping ranges, falling to
	// 0 at Far lines apart: enough that of two nearly equal candidates the
	// closer wins, too little for a weak pair at the same lines to take a
	// finding from a clearly stronger pair cited apart (at 0.5, a pair at
	// 0.36 overlapping beat one at 0.44 in different files).
	maxProximity = 0.05
)

// Pair is a candidate merge of two items (A < B) with its score.
type Pair struct {
	A, B  int
	Score float64
}

// Group returns the clusters of items: each cluster is a sorted list of
// item indexes, and the clusters are sorted by their first index. Every
// item is in exactly one cluster, and no cluster holds two items of the
// same agent. Paths are compared under finding's path rule against files,
// the change's files; with an empty set, the files are inferred from the
// paths the items cite (finding.InferFiles).
func Group(items []Item, files finding.Files) [][]int {
	if files.Len() == 0 {
		files = finding.InferFiles(citedPaths(items))
	}
	vecs := vectors(items)
	uf := newUnionFind(len(items), agentsOf(items))
	// Complete linkage: a finding joins a cluster only when its text is
	// related to every member's, so a chain of near pairs (A like B, B
	// like C) does not merge two defects (A and C) that share nothing.
	uf.linked = func(a, b int) bool { return cosine(vecs[a], vecs[b]) >= minLink }
	for _, p := range candidates(items, files, vecs) {
		uf.union(p.A, p.B)
	}
	return uf.groups()
}

func agentsOf(items []Item) []string {
	agents := make([]string, len(items))
	for i, it := range items {
		agents[i] = it.Agent
	}
	return agents
}

// Candidates returns the pairs of items of different agents that may
// describe the same defect, best first (ties by index, so the order is
// deterministic).
func Candidates(items []Item, files finding.Files) []Pair {
	return candidates(items, files, vectors(items))
}

func candidates(items []Item, files finding.Files, vecs []vector) []Pair {
	ts := traitsOf(items)
	dist := nearPairs(items, files)
	pairs := make([]Pair, 0, len(dist))
	for k, d := range dist {
		if sim := cosine(vecs[k.a], vecs[k.b]); sim >= bar(ts[k.a], ts[k.b], d) {
			pairs = append(pairs, Pair{A: k.a, B: k.b, Score: sim + proximity(d)})
		}
	}
	pairs = append(pairs, apartPairs(items, vecs, ts, dist)...)
	slices.SortFunc(pairs, func(x, y Pair) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	return pairs
}

// normName compares code spans loosely: `Flush()` and `flush` are one.
func normName(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "()"))
}

// proximity is the bonus a pair gets for close line ranges: maxProximity
// for an overlap, falling to 0 at Far lines apart, and a fifth of it for a
// whole-file location.
func proximity(d int) float64 {
	if d < 0 {
		return maxProximity / 5
	}
	return maxProximity * math.Max(0, 1-float64(d)/Far)
}

// vectors weighs each item's terms by their rarity among all items. The
// words are numbered in sorted order, so that vectors compare numbers, not
// strings.
func vectors(items []Item) []vector {
	tfs := make([]map[string]float64, len(items))
	for i, it := range items {
		tfs[i] = terms(it.Finding.Title, it.Finding.Body)
	}
	return weighAll(tfs)
}

// weighAll turns the term counts of every item into vectors.
func weighAll(tfs []map[string]float64) []vector {
	df := make(map[string]int)
	for _, tf := range tfs {
		for t := range tf {
			df[t]++
		}
	}
	vocab := make([]string, 0, len(df))
	for t := range df {
		vocab = append(vocab, t)
	}
	slices.Sort(vocab)
	ids := make(map[string]int, len(vocab))
	for i, t := range vocab {
		ids[t] = i
	}
	n := float64(len(tfs))
	idf := func(t string) float64 { return math.Log(1 + n/float64(df[t])) }
	vecs := make([]vector, len(tfs))
	for i := range tfs {
		vecs[i] = weigh(tfs[i], idf, ids)
	}
	return vecs
}

// Merge joins items along pairs, best first, as long as the two clusters
// have no agent in common.
func Merge(n int, agents []string, pairs []Pair) [][]int {
	uf := newUnionFind(n, agents)
	for _, p := range pairs {
		uf.union(p.A, p.B)
	}
	return uf.groups()
}
