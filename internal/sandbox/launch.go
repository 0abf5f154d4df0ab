package sandbox

import (
	"fmt"
	"io"
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
