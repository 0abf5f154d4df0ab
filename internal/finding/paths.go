package finding

import (
	"path"
	"slices"
	"strings"
)

// The one rule by which deepreview decides that two paths name the same
// file. Agents cite files by their repository path ("cmd/age/age.go"),
// by a shorter tail of it ("age.go"), or by an absolute path in their
// worktree ("/tmp/wt/cmd/age/age.go"). A cited path names a file of the
// change when it is that file's path, when it is the tail of exactly one
// of the change's files, or when it is absolute and ends with one of them.
// A tail that several files end with names none of them: "age.go" is not
// "cmd/age/age.go" when the change also holds "age.go" or "x/age.go".

// CleanPath makes a cited path comparable: forward slashes, no "./" or
// leading "/", no "..", "." or doubled slashes. It returns "" for a path
// that names nothing.
func CleanPath(p string) string {
	p = strings.ReplaceAll(strings.TrimSpace(p), "\\", "/")
	if p == "" {
		return ""
	}
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "." {
		return ""
	}
	return p
}

// Files is a set of repository files that cited paths resolve against:
// the files of a change, or, when those are not known, the paths the
// findings cite (InferFiles). The zero Files is empty.
type Files struct {
	set  map[string]bool
	tail map[string][]string // tail -> the files ending with "/"+tail, sorted
}

// NewFiles is the set of the given repository paths.
func NewFiles(paths []string) Files {
	fs := Files{set: make(map[string]bool, len(paths)), tail: make(map[string][]string)}
	for _, p := range paths {
		c := CleanPath(p)
		if c == "" || fs.set[c] {
			continue
		}
		fs.set[c] = true
		for t := c; ; {
			i := strings.IndexByte(t, '/')
			if i < 0 {
				break
			}
			t = t[i+1:]
			fs.tail[t] = append(fs.tail[t], c)
		}
	}
	for _, l := range fs.tail {
		slices.Sort(l)
	}
	return fs
}

// InferFiles is the set of files a list of cited paths names when the
// change's own list is not known: every cited path but those that are
// the tail of a longer cited path ("wal.go" beside "store/wal.go"), which
// then resolve to it when it is the only one.
func InferFiles(cited []string) Files {
	all := NewFiles(cited)
	var keep []string
	for p := range all.set {
		if len(all.tail[p]) == 0 {
			keep = append(keep, p)
		}
	}
	slices.Sort(keep)
	return NewFiles(keep)
}

// Len is the number of files in the set.
func (fs Files) Len() int { return len(fs.set) }

// Resolve returns the file of the set a cited path names, and whether it
// names one: the file itself, the only file the path is a tail of, or
// (for an absolute path) the longest file the path ends with.
func (fs Files) Resolve(cited string) (string, bool) {
	c := CleanPath(cited)
	if c == "" {
		return "", false
	}
	if fs.set[c] {
		return c, true
	}
	if l := fs.tail[c]; len(l) > 0 {
		return l[0], len(l) == 1
	}
	if !isAbs(cited) {
		return "", false
	}
	for t := c; ; {
		i := strings.IndexByte(t, '/')
		if i < 0 {
			return "", false
		}
		t = t[i+1:]
		if fs.set[t] {
			return t, true
		}
	}
}

// Same reports whether two cited paths name the same file: both resolve
// to one file of the set, or neither resolves and they are equal once
// cleaned.
func (fs Files) Same(a, b string) bool {
	ra, oka := fs.Resolve(a)
	rb, okb := fs.Resolve(b)
	switch {
	case oka && okb:
		return ra == rb
	case oka || okb:
		return false
	}
	ca := CleanPath(a)
	return ca != "" && ca == CleanPath(b)
}

// Key is what a cited path is compared by: the file it resolves to, else
// the path cleaned. Two cited paths are the same file exactly when their
// keys are equal (Same), so a key can bucket paths in a map.
func (fs Files) Key(cited string) string {
	if r, ok := fs.Resolve(cited); ok {
		return r
	}
	return "\x00" + CleanPath(cited)
}

// isAbs reports whether a cited path is absolute: "/…", "C:\…", "C:/…".
func isAbs(p string) bool {
	p = strings.TrimSpace(p)
	return strings.HasPrefix(p, "/") || strings.HasPrefix(p, "\\") ||
		len(p) > 2 && p[1] == ':' && (p[2] == '/' || p[2] == '\\')
}
