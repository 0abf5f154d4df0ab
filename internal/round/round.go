package round

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"strings"
	"unicode"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// Statuses of findings across rounds.
const (
	New           = "new"
	Open          = "open"
	Fixed         = "fixed"
	NotApplicable = "not-applicable"
)

// Fingerprint returns f's fingerprint, reading the anchored source line
// from tree (the reviewed commit's files, e.g. os.DirFS(worktree)).
func Fingerprint(f report.Finding, tree fs.FS) string {
	return fingerprint(f, newReader(tree))
}

// Stamp sets the fingerprint of every finding; round 1 needs nothing else.
func Stamp(findings []report.Finding, tree fs.FS) {
	r := newReader(tree)
	for i := range findings {
		findings[i].Fingerprint = fingerprint(findings[i], r)
	}
}

// Compare stamps cur (round N's findings, in tree) with fingerprints and a
// status, new or open, and returns what became of each of prev (round
// N-1's findings, fingerprinted when they were stored).
func Compare(prev, cur []report.Finding, tree fs.FS) []report.PreviousFinding {
	r := newReader(tree)
	Stamp(cur, tree)
	now := make([]int, len(prev)) // index+1 into cur, 0 for no match
	taken := make([]bool, len(cur))
	match := func(same func(p, c report.Finding) bool) {
		for i, p := range prev {
			for j, c := range cur {
				if now[i] == 0 && !taken[j] && same(p, c) {
					now[i], taken[j] = j+1, true
				}
			}
		}
	}
	match(func(p, c report.Finding) bool { return p.Fingerprint != "" && p.Fingerprint == c.Fingerprint })
	match(func(p, c report.Finding) bool {
		return primary(p) == primary(c) && normTitle(p.Title) == normTitle(c.Title)
	})

	out := make([]report.PreviousFinding, len(prev))
	for i, p := range prev {
		pf := report.PreviousFinding{ID: p.ID, Title: p.Title, Fingerprint: p.Fingerprint, Status: Fixed}
		switch {
		case now[i] > 0:
			pf.Status, pf.NowID = Open, cur[now[i]-1].ID
		case primary(p) != "" && !r.exists(primary(p)):
			pf.Status = NotApplicable
		}
		out[i] = pf
	}
	for j := range cur {
		cur[j].Status = New
		if taken[j] {
			cur[j].Status = Open
		}
	}
	return out
}

func fingerprint(f report.Finding, r *reader) string {
	p, line := primary(f), ""
	if p != "" && len(f.Locations) > 0 && f.Locations[0].StartLine > 0 {
		line = r.line(p, f.Locations[0].StartLine)
	}
	sum := sha256.Sum256([]byte(p + "\x00" + normTitle(f.Title) + "\x00" + line))
	return hex.EncodeToString(sum[:8])
}

// primary returns the cleaned path of f's first location, or "".
func primary(f report.Finding) string {
	if len(f.Locations) == 0 {
		return ""
	}
	return finding.CleanPath(f.Locations[0].Path) // the module's one path rule
}

// normTitle keeps the words of a title, lower case, one space apart:
// "`Close` error ignored!" and "close error ignored" are the same title.
func normTitle(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, " ")
}

// reader reads lines of files of a tree, each file once.
type reader struct {
	tree  fs.FS
	files map[string][]byte // nil: missing
}

func newReader(tree fs.FS) *reader { return &reader{tree: tree, files: map[string][]byte{}} }

func (r *reader) read(name string) []byte {
	if data, ok := r.files[name]; ok {
		return data
	}
	var data []byte
	if r.tree != nil && fs.ValidPath(name) {
		data, _ = fs.ReadFile(r.tree, name)
	}
	r.files[name] = data
	return data
}

// line returns line n (1-based) of name, whitespace-normalized, or "".
func (r *reader) line(name string, n int) string {
	data := r.read(name)
	for i := 1; len(data) > 0; i++ {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		if i == n {
			return strings.Join(strings.Fields(string(l)), " ")
		}
		data = rest
	}
	return ""
}

// exists reports whether name is in the tree; without a tree it assumes so.
func (r *reader) exists(name string) bool {
	if r.tree == nil {
		return true
	}
	if r.read(name) != nil {
		return true
	}
	_, err := fs.Stat(r.tree, name)
	return !errors.Is(err, fs.ErrNotExist) && fs.ValidPath(name)
}
