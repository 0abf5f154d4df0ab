package cluster

import "slices"

// unionFind joins items into clusters, keeping for each root the agents of
// its cluster so that a union never puts two findings of one agent together.
type unionFind struct {
	parent  []int
	agents  map[int][]string // root -> sorted agents of its cluster
	members map[int][]int    // root -> items of its cluster, in order joined
	// linked, when set, must hold for every two items of a cluster.
	linked func(a, b int) bool
}

func newUnionFind(n int, agents []string) *unionFind {
	uf := &unionFind{parent: make([]int, n), agents: make(map[int][]string, n), members: make(map[int][]int, n)}
	for i := range uf.parent {
		uf.parent[i] = i
		uf.agents[i] = []string{agents[i]}
		uf.members[i] = []int{i}
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
	if uf.linked != nil {
		for _, x := range uf.members[ra] {
			for _, y := range uf.members[rb] {
				if !uf.linked(x, y) {
					return false
				}
			}
		}
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	merged := append(uf.agents[ra], uf.agents[rb]...)
	slices.Sort(merged)
	uf.agents[ra] = merged
	delete(uf.agents, rb)
	uf.members[ra] = append(uf.members[ra], uf.members[rb]...)
	delete(uf.members, rb)
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
