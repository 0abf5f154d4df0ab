package cluster

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

// reportItems reads the agent findings of every report's appendix in dir,
// one list per report.
func reportItems(t testing.TB, dir string) [][]Item {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reports in %s: %v", dir, err)
	}
	var out [][]Item
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var items []Item
		for _, s := range appendixSources(string(src)) {
			items = append(items, Item{Agent: s.agent, Finding: &s.f})
		}
		if len(items) > 0 {
			out = append(out, items)
		}
	}
	return out
}

// allApart is what apartPairs approximates: every pair of findings of
// different agents that no range brings together, compared directly.
func allApart(items []Item, vecs []vector, ts []traits, near map[pairKey]int) []Pair {
	var out []Pair
	for a := range items {
		for b := a + 1; b < len(items); b++ {
			if _, ok := near[pairKey{a, b}]; ok || items[a].Agent == items[b].Agent {
				continue
			}
			if sim := cosine(vecs[a], vecs[b]); sim >= bar(ts[a], ts[b], noRange) {
				out = append(out, Pair{A: a, B: b, Score: sim})
			}
		}
	}
	return out
}

// TestApartIndex checks that comparing only findings that share a rare
// term finds the same apart pairs as comparing all of them, on the
// fixture reports and, when set, the corpus.
func TestApartIndex(t *testing.T) {
	dirs := []string{filepath.Join("..", "finding", "testdata", "reports")}
	if dir := os.Getenv("DEEPREVIEW_CORPUS"); dir != "" {
		dirs = append(dirs, dir)
	}
	cmpPair := func(x, y Pair) int {
		if x.A != y.A {
			return x.A - y.A
		}
		return x.B - y.B
	}
	found := 0
	for _, dir := range dirs {
		for _, items := range reportItems(t, dir) {
			vecs := vectors(items)
			near := nearPairs(items, finding.InferFiles(citedPaths(items)))
			ts := traitsOf(items)
			got, want := apartPairs(items, vecs, ts, near), allApart(items, vecs, ts, near)
			slices.SortFunc(got, cmpPair)
			slices.SortFunc(want, cmpPair)
			if !slices.Equal(got, want) {
				t.Errorf("%s: index found %v, all pairs %v", dir, got, want)
			}
			found += len(want)
		}
	}
	if found == 0 {
		t.Error("no apart pairs at all: the test shows nothing")
	}
}

// BenchmarkGroupReports clusters 100 real agent findings at once (those of
// the fixture reports, in order): the size of a large review.
func BenchmarkGroupReports(b *testing.B) {
	var items []Item
	for _, r := range reportItems(b, filepath.Join("..", "finding", "testdata", "reports")) {
		items = append(items, r...)
	}
	if len(items) < 100 {
		b.Fatalf("only %d findings in the fixture reports", len(items))
	}
	items = items[:100]
	for b.Loop() {
		Group(items, finding.Files{})
	}
}
