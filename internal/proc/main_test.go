//go:build linux

package proc

import (
	"fmt"
	"os"
	"testing"
)

// TestMain makes the test binary a subreaper, as deepreview's main does,
// so that the tests see what deepreview sees: orphaned grandchildren are
// re-parented to it. A helper process run by TestPdeathsig takes its
// instructions from the environment instead of running tests.
func TestMain(m *testing.M) {
	if mode := os.Getenv("PROC_TEST_HELPER"); mode != "" {
		os.Exit(helper(mode))
	}
	if err := BecomeSubreaper(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	KillOrphans()
	os.Exit(code)
}
