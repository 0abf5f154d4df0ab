package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Policy is what one confined process and its children may touch. Paths
// are absolute; a path that does not exist is skipped (Landlock binds
// existing inodes) and listed by Skipped. Rights accumulate: a path in
// Read and Write may be read and written, and a path inherits the rights
// of every granted directory above it.
type Policy struct {
	Read  []string // read files / list dirs (no execute)
	Exec  []string // read and execute (system dirs, the agent's installation, node)
	Write []string // read, write, create, remove, make dirs, bind unix sockets (scratch, TMPDIR)
}

// access is one of the three kinds of grant of a Policy.
type access string

const (
	readAccess  access = "read"
	execAccess  access = "exec"
	writeAccess access = "write"
)

// entry is one path of a policy with the kind of access it is granted.
type entry struct {
	kind access
	path string
}

// entries lists p's paths in a fixed order: read, exec, write.
func (p Policy) entries() []entry {
	var es []entry
	for _, l := range []struct {
		kind  access
		paths []string
	}{{readAccess, p.Read}, {execAccess, p.Exec}, {writeAccess, p.Write}} {
		for _, path := range l.paths {
			es = append(es, entry{l.kind, path})
		}
	}
	return es
}

// add appends path to the list of kind k.
func (p *Policy) add(k access, path string) {
	switch k {
	case readAccess:
		p.Read = append(p.Read, path)
	case execAccess:
		p.Exec = append(p.Exec, path)
	case writeAccess:
		p.Write = append(p.Write, path)
	}
}

// Merge returns p with q's paths added (deduplicated, order kept).
func (p Policy) Merge(q Policy) Policy {
	var out Policy
	seen := make(map[entry]bool)
	for _, e := range append(p.entries(), q.entries()...) {
		if !seen[e] {
			seen[e] = true
			out.add(e.kind, e.path)
		}
	}
	return out
}

// validate rejects what the launcher could not encode or grant
// faithfully: relative paths (they would depend on the working directory,
// which is the change under review) and empty ones.
func (p Policy) validate() error {
	for _, e := range p.entries() {
		if !filepath.IsAbs(e.path) {
			return fmt.Errorf("%s path %q: not absolute", e.kind, e.path)
		}
		if strings.ContainsRune(e.path, 0) {
			return fmt.Errorf("%s path %q: contains a NUL byte", e.kind, e.path)
		}
	}
	return nil
}

// grant is one policy path as the kernel will see it.
type grant struct {
	entry
	real    string // the path after symlinks; "" when missing
	dir     bool
	missing bool
}

// resolve finds what e grants: its symlinks followed (Landlock checks the
// inode reached, so a symlink grants its target), whether it is a
// directory, or that it does not exist. It refuses a path that reaches
// the root directory: that grant would confine nothing.
func resolve(e entry) (grant, error) {
	g := grant{entry: e}
	real, err := filepath.EvalSymlinks(e.path)
	if isMissing(err) {
		g.missing = true
		return g, nil
	}
	if err != nil {
		return g, fmt.Errorf("%s path %q: %w", e.kind, e.path, err)
	}
	if real == "/" {
		return g, fmt.Errorf("%s path %q: grants the whole filesystem", e.kind, e.path)
	}
	fi, err := os.Stat(real)
	if isMissing(err) { // removed since EvalSymlinks
		g.missing = true
		return g, nil
	}
	if err != nil {
		return g, fmt.Errorf("%s path %q: %w", e.kind, e.path, err)
	}
	g.real, g.dir = real, fi.IsDir()
	return g, nil
}

// dirSlash marks a directory with a trailing slash.
func dirSlash(path string, dir bool) string {
	if dir && !strings.HasSuffix(path, "/") {
		return path + "/"
	}
	return path
}

// isMissing is true for the errors that mean nothing is at a path.
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// Skipped returns the policy's paths that do not exist.
func (p Policy) Skipped() []string {
	var out []string
	for _, e := range p.entries() {
		if g, err := resolve(e); err == nil && g.missing {
			out = append(out, e.path)
		}
	}
	return out
}

// Describe returns one line per path of p for `deepreview doctor`:
// "read  /etc/hosts", "exec  /lib -> /usr/lib/" (the target is what is
// granted; a trailing slash marks a directory), "write /tmp/x/",
// "(missing) read  /etc/gitconfig", or "(refused) ..." with the reason
// the launcher would fail.
func (p Policy) Describe() []string {
	var out []string
	for _, e := range p.entries() {
		line := fmt.Sprintf("%-5s %s", e.kind, e.path)
		g, err := resolve(e)
		switch {
		case err != nil:
			line = fmt.Sprintf("(refused) %s: %v", line, err)
		case g.missing:
			line = "(missing) " + line
		case g.real != filepath.Clean(e.path):
			line += " -> " + dirSlash(g.real, g.dir)
		default:
			line = fmt.Sprintf("%-5s %s", e.kind, dirSlash(e.path, g.dir))
		}
		out = append(out, line)
	}
	return out
}

// resolved returns p with each path replaced by what it grants (symlinks
// followed) and missing paths left out: what a path-matching sandbox such
// as Seatbelt must be given, since it sees /private/etc, not /etc.
func (p Policy) resolved() (Policy, error) {
	var out Policy
	for _, e := range p.entries() {
		g, err := resolve(e)
		if err != nil {
			return Policy{}, err
		}
		if !g.missing {
			out.add(e.kind, g.real)
		}
	}
	return out.Merge(Policy{}), nil
}
