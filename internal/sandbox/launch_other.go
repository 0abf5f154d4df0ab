//go:build !linux

package sandbox

import (
	"fmt"
	"io"
	"runtime"
)

// Launch is Linux-only: elsewhere Command never builds a launcher command
// line, so one reaching here fails closed.
func Launch(args []string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "deepreview sandbox: no launcher on %s\n", runtime.GOOS)
	return exitPolicy
}
