package sandbox

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Exit codes of a launcher that could not run its program, as a shell's.
const (
	exitPolicy   = 126 // bad arguments, no Landlock, restriction failed, not executable
	exitNotFound = 127 // program not found
)

// fail writes the launcher's one-line reason and returns code.
func fail(stderr io.Writer, code int, format string, args ...any) int {
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", `\n`)
	fmt.Fprintf(stderr, "deepreview sandbox: %s\n", msg)
	return code
}

// lookPath finds file the way a shell would with PATH pathList, except
// that relative PATH entries (".", "", "bin") are ignored: they name
// directories of the working directory, which is the change under review.
// A file containing a slash is taken as is.
func lookPath(file, pathList string) (string, error) {
	if strings.Contains(file, "/") {
		return file, executable(file)
	}
	for _, dir := range filepath.SplitList(pathList) {
		if !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, file)
		if executable(p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", file, os.ErrNotExist)
}

func executable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s: not an executable file: %w", path, os.ErrNotExist)
	}
	return nil
}
