package snapshot

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Protect makes the tree's files and folders read-only: a thin guard for
// when no sandbox confines the agents (root ignores it). Remove undoes it.
func (s *Snapshot) Protect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.protected = true
	return chmodTree(s.Tree, false)
}

// chmodTree removes (writable false) or restores (true) the write
// permission of everything below root; symlinks are left alone.
func chmodTree(root string, writable bool) error {
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
		mode := info.Mode().Perm()
		if writable {
			mode |= 0o200
		} else {
			mode &^= 0o222
		}
		return os.Chmod(path, mode)
	})
}
