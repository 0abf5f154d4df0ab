package snapshot

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/proc"
)

// Sweep removes the snapshot folders under root (os.TempDir() when "")
// whose owner has died — a deepreview killed with SIGKILL cannot clean up
// after itself — after killing the processes still working in them, and
// returns the folders removed. Folders without an
// owner record, or whose owner runs, are left alone.
func Sweep(root string) ([]string, error) {
	if root == "" {
		root = os.TempDir()
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), Prefix) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if !orphaned(dir) {
			continue
		}
		// What the dead run's agents left running still works in the
		// folder, or has its home there: end it before the folder goes.
		proc.KillInside(dir)
		if err := removeAll(dir); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, dir)
	}
	return removed, errors.Join(errs...)
}

// orphaned reports whether dir records an owner that is no longer alive.
func orphaned(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return false
	}
	var o owner
	if json.Unmarshal(b, &o) != nil || o.Owner.PID == 0 {
		return false
	}
	return !o.Owner.Alive()
}
