package snapshot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Protect makes the tree's files and folders read-only: a thin guard for
// when no sandbox confines the agents (root ignores it). Remove undoes it.
func (s *Snapshot) Protect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Linked > 0 {
		// The modes of linked files are the user's own files' modes.
		return errors.New("snapshot: a snapshot with linked files cannot be protected by file modes")
	}
	return readOnly(s.Tree)
}

// readOnly removes the write permission of everything below root;
// symlinks are left alone.
func readOnly(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.Chmod(path, info.Mode().Perm()&^0o222)
	})
}

// writableFolders gives the owner write permission on every folder below
// root, and on nothing else.
func writableFolders(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		return os.Chmod(path, info.Mode().Perm()|0o700)
	})
}
