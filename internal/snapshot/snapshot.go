package snapshot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/proc"
)

// Prefix starts the name of every snapshot folder, so Sweep knows its own.
const Prefix = "deepreview-"

// ownerFile records which process owns a snapshot folder.
const ownerFile = "owner.json"

// Options say what to snapshot.
type Options struct {
	// RepoDir is the user's repository, which holds the objects.
	RepoDir string
	// Base is the merge base: instruction files come from it.
	Base string
	// Head is the commit reviewed.
	Head string
	// Root is where the snapshot folder is made; "" means os.TempDir().
	Root string
	// Link hard-links the files that the user's working tree holds
	// unchanged at the head's version instead of writing them again: a
	// snapshot of a big repository in a fraction of the time and disk.
	// Only for confined agents, which cannot write through the links;
	// files that cannot be linked (another file system) are written.
	Link bool
}

// Snapshot is one change's head, checked out once for every agent.
type Snapshot struct {
	// Dir is the snapshot's folder: the owner record, Tree, and Scratch
	// folders.
	Dir string
	// Tree is the checkout: the agents' working directory. Its .git is a
	// repository of deepreview's own.
	Tree string
	// Objects are the user's object folders the tree's git reads through
	// its alternates: what a confined agent must be able to read for git
	// log, show and diff to work.
	Objects []string
	// Withheld are the head's agent-configuration paths left out of Tree.
	Withheld []string
	// FromBase are the instruction files whose base version stands in
	// Tree (or that are absent, when the base has none).
	FromBase []string

	// Linked counts the files hard-linked from the user's working tree.
	Linked int

	mu        sync.Mutex
	removed   bool
	refreshed chan struct{} // closed when the index's stat data is current
	stop      context.CancelFunc
}

// Create checks out o.Head into a new snapshot folder. On error nothing is
// left behind.
func Create(ctx context.Context, o Options) (*Snapshot, error) {
	s, err := New(o.Root)
	if err != nil {
		return nil, err
	}
	if err := s.Checkout(ctx, o); err != nil {
		return nil, errors.Join(err, s.Remove())
	}
	return s, nil
}

// New makes an empty snapshot folder under root (os.TempDir() when "")
// and records its owner. The review writes the change's files into it
// while Checkout fills the tree.
func New(root string) (*Snapshot, error) {
	dir, err := os.MkdirTemp(root, Prefix)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	s := &Snapshot{Dir: dir, Tree: filepath.Join(dir, "tree"), refreshed: make(chan struct{})}
	if err := writeOwner(dir); err != nil {
		return nil, errors.Join(err, s.Remove())
	}
	return s, nil
}

// Checkout fills the tree with o.Head: the files, a git directory of the
// snapshot's own, agent configuration withheld and instruction files from
// o.Base. The caller removes the snapshot after an error.
func (s *Snapshot) Checkout(ctx context.Context, o Options) error {
	if err := s.checkoutAll(ctx, o); err != nil {
		return fmt.Errorf("snapshot of %.12s: %w", o.Head, err)
	}
	return nil
}

func (s *Snapshot) checkoutAll(ctx context.Context, o Options) error {
	objects, err := gitcmd.Run(ctx, o.RepoDir, "rev-parse", "--path-format=absolute", "--git-path", "objects")
	if err != nil {
		return err
	}
	format, err := gitcmd.Run(ctx, o.RepoDir, "rev-parse", "--show-object-format")
	if err != nil {
		return err
	}
	if s.Objects, err = alternates(objects); err != nil {
		return err
	}
	// No template: no sample hooks, nothing of the user's init.templateDir.
	if _, err := gitcmd.RunIsolated(ctx, s.Dir, "init", "-q", "--template=", "--object-format="+format, s.Tree); err != nil {
		return err
	}
	info := filepath.Join(s.Tree, ".git", "objects", "info")
	if err := os.MkdirAll(info, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(info, "alternates"), []byte(objects+"\n"), 0o644); err != nil {
		return err
	}
	if err := s.checkout(ctx, o); err != nil {
		return err
	}
	if err := s.sanitize(ctx, o.Base); err != nil {
		return err
	}
	s.refresh()
	return nil
}

// checkout fills the index and the tree from head: the files it can link
// from the user's working tree, then git writes the rest with stat
// information recorded (-u), in parallel where it can (checkout.workers=0:
// one per core).
func (s *Snapshot) checkout(ctx context.Context, o Options) error {
	if _, err := gitcmd.RunIsolated(ctx, s.Tree, "read-tree", o.Head); err != nil {
		return err
	}
	rest := []string(nil) // nil: every file
	if o.Link {
		var err error
		if rest, err = s.link(ctx, o.RepoDir, o.Head); err != nil {
			return err
		}
	}
	if err := s.checkoutIndex(ctx, rest); err != nil {
		return err
	}
	_, err := gitcmd.RunIsolated(ctx, s.Tree, "update-ref", "--no-deref", "HEAD", o.Head)
	return err
}

// checkoutIndex writes paths (every file when nil, none when empty) from
// the index.
func (s *Snapshot) checkoutIndex(ctx context.Context, paths []string) error {
	args := []string{"-c", "checkout.workers=0", "checkout-index", "-f", "-u"}
	if paths == nil {
		_, err := gitcmd.RunIsolated(ctx, s.Tree, append(args, "-a")...)
		return err
	}
	for chunk := range slices.Chunk(paths, 2000) {
		if _, err := gitcmd.RunIsolated(ctx, s.Tree, append(append(args, "--"), chunk...)...); err != nil {
			return err
		}
	}
	return nil
}

// refresh records the stat data of the linked files in the index, in the
// background: git status in the tree (the agents', and Changes) would
// otherwise hash every linked file each time. Changes waits for it.
func (s *Snapshot) refresh() {
	if s.Linked == 0 {
		close(s.refreshed)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go func() {
		defer close(s.refreshed)
		_, _ = gitcmd.RunIsolated(ctx, s.Tree, "update-index", "-q", "--refresh")
	}()
}

// alternates returns objects and every object folder it borrows from in
// turn (objects/info/alternates, followed as git does).
func alternates(objects string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		dir = filepath.Clean(dir)
		if seen[dir] || depth > 5 { // git itself stops at 5 levels
			return nil
		}
		seen[dir] = true
		out = append(out, dir)
		b, err := os.ReadFile(filepath.Join(dir, "info", "alternates"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		for line := range strings.Lines(string(b)) {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			if !filepath.IsAbs(line) {
				line = filepath.Join(dir, line)
			}
			if err := walk(line, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(objects, 0)
}

// Scratch returns a new private folder for name (an agent) under the
// snapshot's folder: the agent's home, TMPDIR and state, the one place it
// may write.
func (s *Snapshot) Scratch(name string) (string, error) {
	p := filepath.Join(s.Dir, "scratch", slug(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", err
	}
	if err := os.Mkdir(p, 0o700); err != nil {
		return "", fmt.Errorf("scratch for %s: %w", name, err)
	}
	return p, nil
}

// FS is the tree for deepreview's own reads: it never follows a symlink
// out of the tree, so a link the change commits to ~/.ssh/id_rsa reads as
// an error, not as the key.
func (s *Snapshot) FS() (fs.FS, error) {
	root, err := os.OpenRoot(s.Tree)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil
}

// Changes returns what changed in the tree since the checkout (git status
// --porcelain, untracked files included), "" when nothing. Confinement
// keeps agents from writing; this is the check that it did.
func (s *Snapshot) Changes(ctx context.Context) (string, error) {
	select {
	case <-s.refreshed:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return gitcmd.RunIsolated(ctx, s.Tree, "status", "--porcelain", "--untracked-files=all")
}

// Remove deletes the snapshot folder. It is safe to call more than once
// and from another goroutine (a signal handler).
func (s *Snapshot) Remove() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.removed {
		return nil
	}
	s.removed = true
	if s.stop != nil {
		s.stop()
		<-s.refreshed
	}
	return removeAll(s.Dir)
}

// removeAll removes dir, first giving its folders back the write
// permission Protect took (without it no one but root can remove their
// entries). Files keep their modes: a linked file is the user's own.
func removeAll(dir string) error {
	_ = writableFolders(dir)
	return os.RemoveAll(dir)
}

// owner is the content of owner.json.
type owner struct {
	Owner   proc.Owner `json:"owner"`
	Created time.Time  `json:"created"`
}

func writeOwner(dir string) error {
	b, err := json.Marshal(owner{Owner: proc.Self(), Created: time.Now().UTC()})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ownerFile), b, 0o600)
}

// slug makes s safe as one path element.
func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), ".-")
	if out == "" {
		return "agent"
	}
	return out
}
