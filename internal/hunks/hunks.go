package hunks

import (
	"fmt"
	"io"

	"github.com/bluekeyes/go-gitdiff/gitdiff"
)

// MaxDiff bounds the diff Parse reads. A larger change gets no inline
// comments (its findings stay in the summary comment) rather than an
// unbounded parse.
const MaxDiff = 64 << 20

// Range is the new-side lines of one hunk, first to last, inclusive.
type Range struct{ Start, End int }

// Map holds the new-side line ranges of each changed file's hunks, by the
// file's path in the head commit. The zero Map has none.
type Map struct {
	files map[string][]Range
}

// Parse reads a unified diff as git writes it. Deleted and binary files
// have no new side and get no ranges; a renamed file is known by its new
// path. A diff over MaxDiff or one go-gitdiff cannot parse is an error.
func Parse(r io.Reader) (*Map, error) {
	lr := &io.LimitedReader{R: r, N: MaxDiff + 1}
	files, _, err := gitdiff.Parse(lr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("diff over %d bytes", MaxDiff)
	}
	if err != nil {
		return nil, fmt.Errorf("parsing the diff: %w", err)
	}
	m := &Map{files: map[string][]Range{}}
	for _, f := range files {
		if f == nil || f.IsDelete || f.IsBinary || f.NewName == "" {
			continue
		}
		for _, frag := range f.TextFragments {
			if rg, ok := newSide(frag); ok {
				m.files[f.NewName] = append(m.files[f.NewName], rg)
			}
		}
	}
	return m, nil
}

// newSide is the new-side range of a hunk; a hunk that only deletes has
// none. Context and added lines fill the new side without gaps, so every
// line of the range is a line GitHub shows on the right.
func newSide(frag *gitdiff.TextFragment) (Range, bool) {
	if frag == nil || frag.NewLines <= 0 || frag.NewPosition <= 0 {
		return Range{}, false
	}
	end := frag.NewPosition + frag.NewLines - 1
	if end > maxLine || end < frag.NewPosition {
		return Range{}, false
	}
	return Range{Start: int(frag.NewPosition), End: int(end)}, true
}

// maxLine caps line numbers a hunk header may claim, so that Range stays
// within int on every platform.
const maxLine = 1 << 30

// Hunk returns the hunk of path holding the new-side lines start to end
// (end 0, or less than start, means start alone), and whether there is
// one: the place GitHub accepts a review comment on those lines.
func (m *Map) Hunk(path string, start, end int) (Range, bool) {
	if m == nil || start <= 0 {
		return Range{}, false
	}
	if end < start {
		end = start
	}
	for _, rg := range m.files[path] {
		if rg.Start <= start && end <= rg.End {
			return rg, true
		}
	}
	return Range{}, false
}

// Commentable reports whether a review comment can sit on the new-side
// lines start to end of path (see Hunk).
func (m *Map) Commentable(path string, start, end int) bool {
	_, ok := m.Hunk(path, start, end)
	return ok
}

// Ranges returns path's hunks in diff order, for a caller that explains
// why a location was not commentable.
func (m *Map) Ranges(path string) []Range {
	if m == nil {
		return nil
	}
	return append([]Range(nil), m.files[path]...)
}
