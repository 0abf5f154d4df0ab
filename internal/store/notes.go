package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/deepreview/deepreview/internal/filelock"
)

// Notes are what deepreview keeps for one repository between reviews: the
// user's notes, which every later review's prompt carries, and proposals
// for them, which reach no prompt until the user accepts them.
//
// Proposals come from the consolidator: context for later reviews and
// improvements to the review skill. The consolidator reads the change
// under review, so a pull request can steer what it proposes ("this
// repository is exempt from review"); nothing it proposes may act before
// a person has read it.
type Notes struct {
	// Accepted are the user's notes (notes.md): proposals they accepted
	// and what they wrote themselves.
	Accepted []string
	// Pending are the proposals awaiting a decision, oldest first.
	Pending []Proposal
}

// Proposal kinds.
const (
	ContextNote = "context" // a fact about the repository for later reviews
	SkillNote   = "skill"   // an improvement to how reviews are done
)

// Proposal states.
const (
	Pending  = "pending"
	Accepted = "accepted"
	Rejected = "rejected"
)

// Proposal is one proposed note.
type Proposal struct {
	ID    int    `json:"id"`
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	State string `json:"state"`
	// Review is the review whose consolidator proposed it; "" for a note
	// stored before deepreview asked for consent, which is pending again.
	Review   string    `json:"review,omitempty"`
	Proposed time.Time `json:"proposed"`
	Decided  time.Time `json:"decided,omitzero"`
}

// BeforeConsent reports whether p is a note deepreview stored before it
// asked for consent, now pending.
func (p Proposal) BeforeConsent() bool { return p.Review == "" }

// Bounds on what one review may propose, against a flood.
const (
	maxProposalLen = 2000 // bytes of one proposal
	maxProposals   = 20   // new proposals of one review
)

const (
	notesFile     = "notes.md"       // the user's notes
	proposalsFile = "proposals.json" // every proposal and its decision
	// The files of deepreview before proposals: written without consent,
	// their items become pending proposals and the files are renamed.
	legacyContext = "context.md"
	legacySkill   = "skill-proposals.md"
)

// proposals is proposals.json.
type proposals struct {
	Next  int        `json:"next"`
	Items []Proposal `json:"proposals"`
}

// Notes reads the notes of repo (owner/name or a local folder name); a
// repository without notes has none, which is not an error.
func (s *Store) Notes(repo string) (Notes, error) {
	var n Notes
	err := s.withNotes(repo, func(dir string, p *proposals) (bool, error) {
		var err error
		if n.Accepted, err = readItems(filepath.Join(dir, notesFile)); err != nil {
			return false, err
		}
		for _, it := range p.Items {
			if it.State == Pending {
				n.Pending = append(n.Pending, it)
			}
		}
		return false, nil
	})
	return n, err
}

// NotesPath returns the user's notes file of repo, for `notes --edit`,
// creating its folder (not the file).
func (s *Store) NotesPath(repo string) (string, error) {
	dir, err := s.repoDir(repo)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, notesFile), os.MkdirAll(dir, 0o700)
}

// Propose stores items of kind as pending proposals from review, except
// those already proposed, accepted or rejected (compared case- and
// whitespace-insensitively), and returns the new ones. Control
// characters are removed, each item is cut to 2000 bytes and one review
// proposes at most 20.
func (s *Store) Propose(repo, review, kind string, items []string, now time.Time) ([]Proposal, error) {
	if kind != ContextNote && kind != SkillNote {
		return nil, fmt.Errorf("proposal kind %q: want %s or %s", kind, ContextNote, SkillNote)
	}
	var added []Proposal
	err := s.withNotes(repo, func(dir string, p *proposals) (bool, error) {
		accepted, err := readItems(filepath.Join(dir, notesFile))
		if err != nil {
			return false, err
		}
		seen := map[string]bool{}
		for _, it := range accepted {
			seen[normalize(it)] = true
		}
		for _, it := range p.Items {
			seen[normalize(it.Text)] = true
		}
		for _, it := range items {
			it = clean(it)
			if k := normalize(it); k == "" || seen[k] || len(added) == maxProposals {
				continue
			}
			seen[normalize(it)] = true
			added = append(added, p.add(Proposal{Kind: kind, Text: it, State: Pending, Review: review, Proposed: now}))
		}
		return len(added) > 0, nil
	})
	return added, err
}

// Decide accepts (accept) or rejects the pending proposals ids of repo.
// An accepted proposal is appended to the user's notes, which later
// prompts carry; a rejected one is kept so that it is not proposed again.
// Nothing changes unless every id names a pending proposal.
func (s *Store) Decide(repo string, ids []int, accept bool, now time.Time) ([]Proposal, error) {
	var decided []Proposal
	err := s.withNotes(repo, func(dir string, p *proposals) (bool, error) {
		idx, err := p.pending(ids)
		if err != nil {
			return false, err
		}
		var texts []string
		for _, i := range idx {
			it := &p.Items[i]
			it.State, it.Decided = Rejected, now
			if accept {
				it.State = Accepted
				texts = append(texts, it.Text)
			}
			decided = append(decided, *it)
		}
		if err := appendItems(filepath.Join(dir, notesFile), "Your notes for reviews of "+repo, texts); err != nil {
			return false, err
		}
		return true, nil
	})
	return decided, err
}

// pending returns the indexes of the proposals ids, all pending.
func (p *proposals) pending(ids []int) ([]int, error) {
	var idx []int
	for _, id := range ids {
		i := slices.IndexFunc(p.Items, func(it Proposal) bool { return it.ID == id })
		switch {
		case i < 0:
			return nil, fmt.Errorf("no proposal %d", id)
		case p.Items[i].State != Pending:
			return nil, fmt.Errorf("proposal %d is already %s", id, p.Items[i].State)
		case !slices.Contains(idx, i):
			idx = append(idx, i)
		}
	}
	return idx, nil
}

func (p *proposals) add(it Proposal) Proposal {
	p.Next = max(p.Next, 1)
	it.ID = p.Next
	p.Next++
	p.Items = append(p.Items, it)
	return it
}

// withNotes runs fn on repo's folder and proposals under the folder's
// lock, migrating the files of older versions first, and saves the
// proposals if fn (or the migration) changed them.
func (s *Store) withNotes(repo string, fn func(dir string, p *proposals) (bool, error)) error {
	dir, err := s.repoDir(repo)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	unlock, err := filelock.Lock(context.Background(), filepath.Join(dir, ".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	path := filepath.Join(dir, proposalsFile)
	var p proposals
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	migrated, err := migrate(dir, &p)
	if err != nil {
		return err
	}
	changed, err := fn(dir, &p)
	if err != nil || !changed && !migrated {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return WriteFile(path, append(b, '\n'))
}

// migrate turns the notes an older deepreview stored without consent
// (context.md, applied to every review; skill-proposals.md) into pending
// proposals, and renames those files aside, keeping any prose in them.
func migrate(dir string, p *proposals) (bool, error) {
	changed := false
	for _, f := range []struct{ name, kind string }{{legacyContext, ContextNote}, {legacySkill, SkillNote}} {
		path := filepath.Join(dir, f.name)
		items, err := readItems(path)
		if err != nil {
			return false, err
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		seen := map[string]bool{}
		for _, it := range p.Items {
			seen[normalize(it.Text)] = true
		}
		for _, it := range items {
			if it = clean(it); normalize(it) != "" && !seen[normalize(it)] {
				seen[normalize(it)] = true
				p.add(Proposal{Kind: f.kind, Text: it, State: Pending})
			}
		}
		if err := os.Rename(path, freeName(path+".before-consent")); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// freeName is path, or path-2, path-3, … if taken.
func freeName(path string) string {
	for n := 1; ; n++ {
		p := path
		if n > 1 {
			p = fmt.Sprintf("%s-%d", path, n)
		}
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
	}
}

// appendItems appends texts as list items to the notes file at path,
// which people edit: what is there stays as it is.
func appendItems(path, title string, texts []string) error {
	if len(texts) == 0 {
		return nil
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	text := string(old)
	if strings.TrimSpace(text) == "" {
		text = fmt.Sprintf("# %s\n\n", title)
	} else if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	for _, t := range texts {
		text += "- " + t + "\n"
	}
	return WriteFile(path, []byte(text))
}

// clean makes a proposal one line of printable text: an agent wrote it,
// and it is shown on a terminal and put into prompts.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxProposalLen {
		s = strings.ToValidUTF8(s[:maxProposalLen], "") + "…"
	}
	return s
}

func (s *Store) repoDir(repo string) (string, error) {
	var parts []string
	for _, p := range strings.Split(repo, "/") {
		if sl := slug(p, 100); sl != "" {
			parts = append(parts, sl)
		}
	}
	if len(parts) == 0 || len(parts) > 2 {
		return "", fmt.Errorf("repository %q: want owner/name or a folder name", repo)
	}
	return filepath.Join(append([]string{s.dir, "repos"}, parts...)...), nil
}

func readItems(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return parseItems(string(data)), err
}

// parseItems returns the top-level list items of a notes file: lines
// starting with "- " or "* ", joined with their indented continuation
// lines. People edit these files; other lines are theirs and skipped.
func parseItems(text string) []string {
	var items []string
	in := false
	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(line)
		switch {
		case (strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ")) && strings.TrimSpace(line[2:]) != "":
			items = append(items, strings.TrimSpace(line[2:]))
			in = true
		case in && trimmed != "" && (line[0] == ' ' || line[0] == '\t'):
			items[len(items)-1] += " " + trimmed
		default:
			in = false
		}
	}
	return items
}

// normalize is the form two notes are compared in: lower case, one space
// between words, no trailing punctuation, no Markdown code marks.
func normalize(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "`", ""))
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(s, ".;:!, ")
}
