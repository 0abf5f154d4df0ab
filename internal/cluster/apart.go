package cluster

// maxShared is how many findings a term may occur in and still be used to
// find findings cited apart: a term more findings use says little about
// which two describe one defect (its weight is low), and skipping it keeps
// the comparisons near linear on large inputs.
const maxShared = 8

// apartPairs are the candidates that no line range brings together: two
// findings of different agents cited more than Far lines apart in one
// file, in different files, or one without lines, whose text agrees
// strongly (bar: minApart, or minNamedApart when the titles name the same
// code). The same defect is often cited at different
// places: where a constant is defined and where it is used, the caller
// and the callee, the code and its documentation.
//
// Comparing every pair would cost n² cosines; only findings that share a
// term used by at most maxShared findings are compared, through an index
// from term to findings. Two findings that agree that much share rare
// terms in practice (on the corpus, this finds exactly the pairs that
// comparing all of them does). Words are walked in sorted order and each
// pair is scored once, so the result does not depend on map order.
func apartPairs(items []Item, vecs []vector, ts []traits, near map[pairKey]int) []Pair {
	words := 0
	for _, v := range vecs {
		for _, t := range v.terms {
			words = max(words, t.word+1)
		}
	}
	byWord := make([][]int, words)
	for i, v := range vecs {
		for _, t := range v.terms {
			byWord[t.word] = append(byWord[t.word], i)
		}
	}
	seen := make(map[pairKey]bool)
	var out []Pair
	for _, is := range byWord { // in word order
		if len(is) < 2 || len(is) > maxShared {
			continue
		}
		for x, a := range is {
			for _, b := range is[x+1:] {
				k := pairKey{a, b} // a < b: items were indexed in order
				if _, ok := near[k]; ok || seen[k] || items[a].Agent == items[b].Agent {
					continue
				}
				seen[k] = true
				if sim := cosine(vecs[a], vecs[b]); sim >= bar(ts[a], ts[b], noRange) {
					out = append(out, Pair{A: a, B: b, Score: sim})
				}
			}
		}
	}
	return out
}
