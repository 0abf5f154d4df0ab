package cluster

import (
	"cmp"
	"path"
	"slices"
	"strings"
)

type pairKey struct{ a, b int }

// span is one location of one item in a path bucket.
type span struct {
	item       int
	start, end int
}

// nearPairs returns, for each pair of items of different agents that share
// a file with line ranges at most Far apart, the smallest line distance
// between them: 0 for an overlap, -1 when one side is a whole-file
// location. Only items that cite the same path are compared, and within a
// path a sweep over ranges sorted by start compares only ranges within Far
// lines of each other.
//
// Agents do not all write full paths (one cites `limavm_controller.go`
// where another cites `pkg/controllers/limavm_controller.go`), so the
// ranges of a path are also swept together with those of each shorter path
// it ends with.
func nearPairs(items []Item) map[pairKey]int {
	out := make(map[pairKey]int)
	byPath := spansByPath(items)
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		sweep(items, byPath[p], out)
		for _, q := range suffixes(p) {
			if short, ok := byPath[q]; ok {
				sweep(items, slices.Concat(byPath[p], short), out)
			}
		}
	}
	return out
}

// spansByPath groups the locations of all items by their cleaned path.
func spansByPath(items []Item) map[string][]span {
	byPath := make(map[string][]span)
	for i, it := range items {
		for _, l := range it.Finding.Locations {
			p := cleanPath(l.Path)
			if p == "" {
				continue
			}
			start, end := l.StartLine, max(l.EndLine, l.StartLine)
			byPath[p] = append(byPath[p], span{item: i, start: start, end: end})
		}
	}
	return byPath
}

// suffixes lists the shorter paths p ends with: a/b/c.go gives b/c.go and
// c.go.
func suffixes(p string) []string {
	var out []string
	for i := strings.IndexByte(p, '/'); i >= 0; i = strings.IndexByte(p, '/') {
		p = p[i+1:]
		out = append(out, p)
	}
	return out
}

// sweep records the near pairs among spans of one file.
func sweep(items []Item, spans []span, out map[pairKey]int) {
	var whole, ranged []span
	for _, s := range spans {
		if s.start <= 0 {
			whole = append(whole, s)
		} else {
			ranged = append(ranged, s)
		}
	}
	for _, w := range whole {
		for _, s := range spans {
			record(items, w.item, s.item, -1, out)
		}
	}
	slices.SortFunc(ranged, func(x, y span) int {
		return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end), cmp.Compare(x.item, y.item))
	})
	for i, s := range ranged {
		for _, t := range ranged[i+1:] {
			if t.start > s.end+Far {
				break
			}
			record(items, s.item, t.item, max(0, t.start-s.end), out)
		}
	}
}

// record keeps the smallest distance of a pair of items of different
// agents; a whole-file distance (-1) never replaces a measured one.
func record(items []Item, a, b, d int, out map[pairKey]int) {
	if a == b || items[a].Agent == items[b].Agent {
		return
	}
	if a > b {
		a, b = b, a
	}
	k := pairKey{a, b}
	old, ok := out[k]
	switch {
	case !ok, old < 0 && d >= 0, d >= 0 && d < old:
		out[k] = d
	}
}

// cleanPath makes cited paths comparable: no "./" or leading "/", slashes.
func cleanPath(p string) string {
	p = strings.ReplaceAll(strings.TrimSpace(p), "\\", "/")
	if p == "" {
		return ""
	}
	p = strings.TrimPrefix(path.Clean(p), "/")
	if p == "." {
		return ""
	}
	return p
}
