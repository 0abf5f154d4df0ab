//go:build unix

package e2e

import (
	"os"
	"testing"

	"github.com/deepreview/deepreview/internal/sandbox"
)

// TestMain makes the test binary its own sandbox launcher: deepreview
// re-executes os.Executable() with sandbox.LauncherArg to confine agents,
// and in a test that executable is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == sandbox.LauncherArg {
		os.Exit(sandbox.Launch(os.Args[2:], os.Stderr))
	}
	os.Exit(m.Run())
}
