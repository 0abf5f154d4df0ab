package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Store is a folder of reviews and repository notes.
type Store struct {
	dir string
}

// Home returns the store's folder from the environment: $DEEPREVIEW_HOME,
// else $XDG_STATE_HOME/deepreview (when absolute, as the XDG spec wants),
// else $HOME/.local/state/deepreview.
func Home(getenv func(string) string) (string, error) {
	if d := getenv("DEEPREVIEW_HOME"); d != "" {
		return d, nil
	}
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "deepreview"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "deepreview"), nil
	}
	return "", errors.New("no store folder: set DEEPREVIEW_HOME or HOME")
}

// Open opens the store at dir, creating its folders.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store folder is empty")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"reviews", "repos"} {
		if err := os.MkdirAll(filepath.Join(abs, sub), 0o700); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	return &Store{dir: abs}, nil
}

// Dir returns the store's folder.
func (s *Store) Dir() string { return s.dir }

func (s *Store) reviewDir(id string) string { return filepath.Join(s.dir, "reviews", id) }

// checkID rejects ids that are not one folder name, such as "../x".
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`) || strings.HasPrefix(id, ".") {
		return fmt.Errorf("review id %q: not an id like 20250131-142501-pr-7", id)
	}
	return nil
}

// slug makes s one lower-case path element of letters, digits, '.', '_'
// and '-', at most max bytes long.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if len(out) > max {
		out = strings.TrimRight(out[:max], "-.")
	}
	return out
}
