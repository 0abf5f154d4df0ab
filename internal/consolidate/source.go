package consolidate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Source is one agent's review as consolidation receives it.
type Source struct {
	// Name is the reviewer: claude, codex, gemini or a configured name.
	Name string
	// Model is the display label, e.g. "Claude Opus 4.6"; empty means the
	// review's own model, else Name.
	Model string
	// Review is the parsed review; nil when the agent failed (Err set).
	Review *finding.Review
	// Raw is the review text as the agent wrote it, for the appendix and
	// the consolidator prompt.
	Raw string
	// Pass is the appendix pass number; 0 means 1.
	Pass int
	// Metrics are the facts of the agent's run, from its transcript.
	Metrics *transcript.Metrics
	// Err says why the agent produced no usable review.
	Err string
}

// label is the display name of a source.
func (s *Source) label() string {
	if s.Model != "" {
		return s.Model
	}
	if s.Review != nil && s.Review.Model != "" {
		return s.Review.Model
	}
	return title(s.Name)
}

// title upper-cases the first letter: "gemini" -> "Gemini".
func title(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// key names one source finding: its agent and its id.
type key struct{ Agent, ID string }

func (k key) String() string { return k.Agent + ":" + k.ID }

// item is one source finding with its place in the input.
type item struct {
	key
	src, idx int // index of the source and of the finding in its review
	f        *finding.Finding
}

// collect sorts the sources by name, rejects duplicate names, and lists
// every finding of every usable review, with ids made unique per agent.
func collect(sources []Source) ([]Source, []item, error) {
	srcs := slices.Clone(sources)
	slices.SortStableFunc(srcs, func(a, b Source) int { return cmp.Compare(a.Name, b.Name) })
	var items []item
	for i := range srcs {
		s := &srcs[i]
		if s.Name == "" || strings.ContainsAny(s.Name, ": \t\n") {
			return nil, nil, fmt.Errorf("review %d: agent name %q must be a non-empty word without ':' or spaces", i+1, s.Name)
		}
		if i > 0 && srcs[i-1].Name == s.Name {
			return nil, nil, fmt.Errorf("review %s: given twice", s.Name)
		}
		if s.Err != "" || s.Review == nil {
			if s.Err == "" {
				s.Err = "no review"
			}
			continue
		}
		items = append(items, sourceItems(i, s)...)
	}
	return srcs, items, nil
}

// sourceItems lists one review's findings. A review that repeats an id
// (agents do miscount) gets the later one suffixed, "I1~2", so every
// finding keeps a key of its own.
func sourceItems(src int, s *Source) []item {
	seen := make(map[string]int)
	out := make([]item, 0, len(s.Review.Findings))
	for j := range s.Review.Findings {
		f := &s.Review.Findings[j]
		id := f.ID
		if id == "" {
			id = fmt.Sprintf("%s%d", f.Severity.Letter(), j+1)
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s~%d", id, n)
		}
		out = append(out, item{key: key{s.Name, id}, src: src, idx: j, f: f})
	}
	return out
}
