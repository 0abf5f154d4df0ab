package cluster

import "slices"

// unionFind joins items into clusters, keeping for each root the agents of
// its cluster so that a union never puts two findings of one agent together.
type unionFind struct {
	parent []int
	agents map[int][]string // root -> sorted agents of its cluster
}

func newUnionFind(n int, agents []string) *unionFind {
	uf := &unionFind{parent: make([]int, n), agents: make(map[int][]string, n)}
	for i := range uf.parent {
		uf.parent[i] = i
		uf.agents[i] = []string{agents[i]}
	}
	return uf
}

func (uf *unionFind) find(i int) int {
	for uf.parent[i] != i {
		uf.parent[i] = uf.parent[uf.parent[i]]
		i = uf.parent[i]
	}
	return i
}

// union joins the clusters of a and b unless they share an agent, and
// reports whether it did. The smaller root stays root, for determinism.
func (uf *unionFind) union(a, b int) bool {
	ra, rb := uf.find(a), uf.find(b)
	if ra == rb {
		return false
	}
	for _, x := range uf.agents[rb] {
		if slices.Contains(uf.agents[ra], x) {
			return false
		}
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	merged := append(uf.agents[ra], uf.agents[rb]...)
	slices.Sort(merged)
	uf.agents[ra] = merged
	delete(uf.agents, rb)
	uf.parent[rb] = ra
	return true
}

// groups lists the clusters, each sorted, ordered by their first item.
func (uf *unionFind) groups() [][]int {
	index := make(map[int]int)
	var out [][]int
	for i := range uf.parent {
		r := uf.find(i)
		k, ok := index[r]
		if !ok {
			k = len(out)
			index[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}
