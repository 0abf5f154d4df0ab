package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/filelock"
)

// Notes are what the learning loop keeps for one repository: context for
// the next review's prompt, and proposed changes to the review skill, which
// are stored for a person to read and never applied.
type Notes struct {
	Context        []string
	SkillProposals []string
}

const (
	contextFile   = "context.md"
	proposalsFile = "skill-proposals.md"
)

// Notes reads the notes of repo (owner/name or a local folder name);
// a repository without notes has none, which is not an error.
func (s *Store) Notes(repo string) (Notes, error) {
	dir, err := s.repoDir(repo)
	if err != nil {
		return Notes{}, err
	}
	var n Notes
	if n.Context, err = readItems(filepath.Join(dir, contextFile)); err != nil {
		return Notes{}, err
	}
	n.SkillProposals, err = readItems(filepath.Join(dir, proposalsFile))
	return n, err
}

// NotesPath returns the context file of repo, for `notes --edit`, creating
// its folder (not the file).
func (s *Store) NotesPath(repo string) (string, error) {
	dir, err := s.repoDir(repo)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, contextFile), os.MkdirAll(dir, 0o700)
}

// AddContext appends to repo's context the items not already there
// (compared case- and whitespace-insensitively) and returns how many it added.
func (s *Store) AddContext(repo string, items []string) (int, error) {
	return s.add(repo, contextFile, "Repository context", items)
}

// AddSkillProposals stores proposed skill improvements for repo, without
// duplicates, and returns how many it added.
func (s *Store) AddSkillProposals(repo string, items []string) (int, error) {
	return s.add(repo, proposalsFile, "Proposed review skill improvements (never applied automatically)", items)
}

func (s *Store) add(repo, file, title string, items []string) (int, error) {
	dir, err := s.repoDir(repo)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, err
	}
	// The lock makes read-append-rename one step for concurrent reviews.
	unlock, err := filelock.Lock(context.Background(), filepath.Join(dir, ".lock"))
	if err != nil {
		return 0, err
	}
	defer unlock()
	path := filepath.Join(dir, file)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, err
	}
	text := string(old)
	if text == "" {
		text = fmt.Sprintf("# %s: %s\n\n", title, repo)
	} else if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	seen := map[string]bool{}
	for _, it := range parseItems(string(old)) {
		seen[normalize(it)] = true
	}
	added := 0
	for _, it := range items {
		it = strings.Join(strings.Fields(it), " ")
		if k := normalize(it); k != "" && !seen[k] {
			seen[k] = true
			text += "- " + it + "\n"
			added++
		}
	}
	if added == 0 {
		return 0, nil
	}
	return added, WriteFile(path, []byte(text))
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
