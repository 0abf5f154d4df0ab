package cluster

import (
	"cmp"
	"slices"

	"github.com/deepreview/deepreview/internal/finding"
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
// location. Only items that cite the same file are compared, and within a
// file a sweep over ranges sorted by start compares only ranges within Far
// lines of each other.
//
// Agents do not all write full paths (one cites `limavm_controller.go`
// where another cites `pkg/controllers/limavm_controller.go`): paths are
// bucketed by the file they name under finding's one path rule
// (Files.Key), so a short path joins the full one only when it is the
// tail of no other file.
func nearPairs(items []Item, files finding.Files) map[pairKey]int {
	out := make(map[pairKey]int)
	byPath := spansByPath(items, files)
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		sweep(items, byPath[p], out)
	}
	return out
}

// spansByPath groups the locations of all items by the file they name.
func spansByPath(items []Item, files finding.Files) map[string][]span {
	byPath := make(map[string][]span)
	for i, it := range items {
		for _, l := range it.Finding.Locations {
			if finding.CleanPath(l.Path) == "" {
				continue
			}
			p := files.Key(l.Path)
			start, end := l.StartLine, max(l.EndLine, l.StartLine)
			byPath[p] = append(byPath[p], span{item: i, start: start, end: end})
		}
	}
	return byPath
}

// citedPaths lists every path the items cite.
func citedPaths(items []Item) []string {
	var out []string
	for _, it := range items {
		for _, l := range it.Finding.Locations {
			out = append(out, l.Path)
		}
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
