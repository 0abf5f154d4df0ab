package finding

import (
	"cmp"
	"slices"
	"strings"
)

// relativize makes the absolute paths of a review relative to the
// repository. Agents running in a worktree cite some files by absolute
// path ("/home/u/src/repo/pkg/a.go:12", or a link to one) and others by
// repository path ("pkg/a.go", or in the coverage summary): when an
// absolute path ends with a repository path the review also names, the
// prefix before it is the worktree. The most common such prefix is cut
// from every absolute path that starts with it. Without one, absolute
// paths are left as written; consolidation resolves them against the
// change's files (finding.Files).
func relativize(r *Review) {
	var rel []string
	abs := false
	for _, c := range r.Coverage {
		if !strings.HasPrefix(c.Path, "/") {
			rel = append(rel, c.Path)
		}
	}
	for _, f := range r.Findings {
		for _, l := range f.Locations {
			if strings.HasPrefix(l.Path, "/") {
				abs = true
			} else if strings.Contains(l.Path, "/") {
				rel = append(rel, l.Path)
			}
		}
	}
	if !abs {
		return
	}
	root := worktree(r, rel)
	if root == "" {
		return
	}
	for i := range r.Findings {
		for j := range r.Findings[i].Locations {
			l := &r.Findings[i].Locations[j]
			if p, ok := strings.CutPrefix(l.Path, root); ok && p != "" {
				l.Path = p
			}
		}
	}
}

// worktree is the most common prefix an absolute location path has before
// a repository path of rel ("" when none); ties go to the shortest, then
// the first in byte order.
func worktree(r *Review, rel []string) string {
	known := make(map[string]bool, len(rel))
	for _, p := range rel {
		known[strings.TrimPrefix(p, "./")] = true
	}
	count := map[string]int{}
	for _, f := range r.Findings {
		for _, l := range f.Locations {
			if !strings.HasPrefix(l.Path, "/") {
				continue
			}
			// The longest known suffix gives the root.
			for i := 1; i < len(l.Path); i++ {
				if l.Path[i-1] == '/' && known[l.Path[i:]] {
					count[l.Path[:i]]++
					break
				}
			}
		}
	}
	roots := make([]string, 0, len(count))
	for r := range count {
		roots = append(roots, r)
	}
	if len(roots) == 0 {
		return ""
	}
	slices.SortFunc(roots, func(a, b string) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	return roots[0]
}
