package consolidate

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// Location check outcomes.
const (
	Verified   = report.LocationVerified
	Moved      = "moved"
	Unverified = "unverified"
)

// slack is how many lines off a quoted excerpt may be and still count as
// at the cited lines.
const slack = 10

// maxFile bounds what the check reads of one file.
const maxFile = 8 << 20

// verify checks every consolidated finding's locations against the tree.
// The excerpt checked is the first quoted code block of the finding's
// primary source (or of the first member that quotes one).
func verify(tree string, items []item, p *plan, r *report.Report) {
	byKey := make(map[key]*item, len(items))
	for i := range items {
		byKey[items[i].key] = &items[i]
	}
	files := newFileCache(tree, p.files)
	defer files.close()
	for i := range r.Findings {
		f := &r.Findings[i]
		if tree == "" {
			f.LocationCheck = report.LocationCheck{Status: Unverified, Detail: "no tree to check against"}
			continue
		}
		f.LocationCheck = check(files, f.Locations, excerptOf(f, byKey))
	}
}

// excerptOf finds the code a finding quotes: the body's first fenced block
// that is not a diff, from the member whose body is the finding's, else
// from any member.
func excerptOf(f *report.Finding, byKey map[key]*item) []string {
	if ex := excerpt(f.Body); len(ex) > 0 {
		return ex
	}
	for _, s := range f.Sources {
		if it := byKey[key{s.Agent, s.ID}]; it != nil {
			if ex := excerpt(it.f.Body); len(ex) > 0 {
				return ex
			}
		}
	}
	return nil
}

// excerpt returns the significant lines of the first fenced code block of
// body that is not a diff: trimmed, without blanks and elisions.
func excerpt(body string) []string {
	var out []string
	in, skip := false, false
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			if in {
				if !skip && len(out) > 0 {
					return out
				}
				in, out = false, nil
				continue
			}
			lang := strings.ToLower(strings.Trim(t, "`~ "))
			in, skip = true, lang == "diff" || lang == "patch"
			continue
		}
		if in && !skip && significant(t) {
			out = append(out, t)
		}
	}
	return nil
}

// significant says whether an excerpt line can be looked for: not blank,
// not an elision like "..." or "// ...".
func significant(t string) bool {
	s := strings.Trim(t, "/#*-;. \t…")
	return s != ""
}

// file is one file of the tree, its lines trimmed.
type file struct {
	lines []string
	err   error
}

// fileCache reads the tree through an os.Root: a symlink the change
// commits (to ~/.ssh/id_rsa, say) is refused, never followed out of the
// tree by deepreview itself.
type fileCache struct {
	root  *os.Root
	err   error
	files map[string]*file
	// paths resolves a cited path to the change's file it names
	// ("wal.go" to "store/wal.go" when no other changed file is a
	// wal.go), under finding's one path rule.
	paths finding.Files
}

func newFileCache(tree string, paths finding.Files) *fileCache {
	c := &fileCache{files: make(map[string]*file), paths: paths}
	if tree != "" {
		c.root, c.err = os.OpenRoot(tree)
	}
	return c
}

func (c *fileCache) close() {
	if c.root != nil {
		c.root.Close()
	}
}

// get reads a tree file once; a path outside the tree is an error.
func (c *fileCache) get(p string) *file {
	if r, ok := c.paths.Resolve(p); ok {
		p = r
	}
	if f, ok := c.files[p]; ok {
		return f
	}
	f := &file{}
	c.files[p] = f
	clean := filepath.Clean(filepath.FromSlash(p))
	if p == "" || filepath.IsAbs(clean) || !filepath.IsLocal(clean) {
		f.err = fmt.Errorf("%s is not a path inside the tree", p)
		return f
	}
	if c.err != nil {
		f.err = c.err
		return f
	}
	data, err := readBounded(c.root, clean)
	if err != nil {
		f.err = err
		return f
	}
	for line := range strings.Lines(string(data)) {
		f.lines = append(f.lines, strings.TrimSpace(line))
	}
	return f
}

func readBounded(root *os.Root, name string) ([]byte, error) {
	fi, err := root.Stat(name)
	switch {
	case err != nil:
		return nil, err
	case fi.IsDir():
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("is a directory")}
	case fi.Size() > maxFile:
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxFile)
	}
	data, err := root.ReadFile(name)
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s: binary file", name)
	}
	return data, err
}

// check is the location check of one finding.
func check(files *fileCache, locs []finding.Location, ex []string) report.LocationCheck {
	if len(locs) == 0 {
		return report.LocationCheck{Status: Unverified, Detail: "no location given"}
	}
	var problems []string
	var found []string // excerpt found away from the cited lines
	for _, l := range locs {
		f := files.get(l.Path)
		if f.err != nil {
			problems = append(problems, describe(l.Path, f.err))
			continue
		}
		if l.EndLine > len(f.lines) || l.StartLine > len(f.lines) {
			problems = append(problems, fmt.Sprintf("%s has %d lines, cited %s", l.Path, len(f.lines), lines(l.StartLine, l.EndLine)))
		}
		if len(ex) == 0 {
			continue
		}
		start, end, ok := locate(f.lines, ex, l.StartLine)
		switch {
		case !ok:
			problems = append(problems, "quoted code not found in "+l.Path)
		case near(l, start, end):
			return report.LocationCheck{Status: Verified, Detail: fmt.Sprintf("quoted code found at %s:%s", l.Path, lines(start, end))}
		default:
			found = append(found, fmt.Sprintf("%s:%s (cited %s)", l.Path, lines(start, end), lines(l.StartLine, l.EndLine)))
		}
	}
	return outcome(len(ex) > 0, found, problems)
}

// outcome words a check that found no excerpt at the cited lines.
func outcome(quoted bool, found, problems []string) report.LocationCheck {
	switch {
	case len(found) > 0:
		return report.LocationCheck{Status: Moved, Detail: "quoted code found at " + strings.Join(found, ", ")}
	case len(problems) > 0:
		return report.LocationCheck{Status: Unverified, Detail: strings.Join(problems, "; ")}
	case !quoted:
		return report.LocationCheck{Status: Verified, Detail: "paths and lines exist; no code quoted to compare"}
	}
	return report.LocationCheck{Status: Unverified, Detail: "quoted code not found"}
}

func describe(p string, err error) string {
	if os.IsNotExist(err) {
		return p + " does not exist"
	}
	return fmt.Sprintf("%s: %v", p, err)
}

func lines(start, end int) string {
	switch {
	case start <= 0:
		return "whole file"
	case end <= start:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d-%d", start, end)
}

// near says whether a match overlaps the cited range, give or take slack;
// a whole-file citation is near anything.
func near(l finding.Location, start, end int) bool {
	if l.StartLine <= 0 {
		return true
	}
	e := max(l.EndLine, l.StartLine)
	return start <= e+slack && end >= l.StartLine-slack
}

// locate finds the excerpt in the file's lines: from each line that
// matches one of the excerpt's first distinctive lines, it matches the
// following excerpt lines in order, allowing gaps (agents elide code), and
// keeps the best run, closest to the cited line on ties. A run must match
// at least 60% of the excerpt. Lines are 1-based.
func locate(flines, ex []string, cited int) (start, end int, ok bool) {
	need := (len(ex)*6 + 9) / 10
	best, bestDist := 0, 0
	for j := 0; j < len(ex) && j < 3; j++ {
		if len(ex[j]) < 8 && j < len(ex)-1 {
			continue
		}
		for i, l := range flines {
			if l != ex[j] {
				continue
			}
			n, last := run(flines, ex[j+1:], i+1)
			n++
			dist := abs(i + 1 - cited)
			if n > best || n == best && dist < bestDist {
				best, bestDist, start, end = n, dist, i+1, last+1
				if last < i {
					end = i + 1
				}
			}
		}
	}
	return start, end, best >= need && best > 0
}

// run matches ex in order from line from on, each within a gap of the
// previous match, and returns how many matched and the last matched index.
func run(flines, ex []string, from int) (n, last int) {
	const gap = 40
	last = from - 1
	for _, e := range ex {
		for k := last + 1; k < len(flines) && k <= last+gap; k++ {
			if flines[k] == e {
				n, last = n+1, k
				break
			}
		}
	}
	return n, last
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
