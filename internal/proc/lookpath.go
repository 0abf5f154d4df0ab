package proc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is returned by LookPath when no executable of that name is
// on the path.
var ErrNotFound = errors.New("not found on PATH")

// LookPath finds the executable file in the directories of pathList (a
// PATH value), the way a shell would for a child with that PATH; unlike
// exec.LookPath it does not read the process environment. A file that
// contains a slash is checked as is.
func LookPath(file, pathList string) (string, error) {
	if strings.Contains(file, "/") {
		if err := executable(file); err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		return file, nil
	}
	for _, dir := range filepath.SplitList(pathList) {
		if !filepath.IsAbs(dir) {
			// "", "." or "bin" name folders of the working directory,
			// which for an agent is the change under review: never here.
			continue
		}
		p := filepath.Join(dir, file)
		if executable(p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", file, ErrNotFound)
}

func executable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("not an executable file")
	}
	return nil
}
