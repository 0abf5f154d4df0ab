//go:build !linux

package sandbox

import (
	"fmt"
	"os"
)

func helper(args []string) int {
	fmt.Fprintln(os.Stderr, "helper: linux only")
	return 2
}
