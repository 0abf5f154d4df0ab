package sandbox

import (
	"os"
	"testing"
)

// helperArg makes the test binary a small program to confine, for what a
// shell cannot show (capabilities, abstract sockets, the exact
// environment).
const helperArg = "__sandbox_test_helper"

// TestMain makes the test binary its own launcher, as deepreview is.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case LauncherArg:
			os.Exit(Launch(os.Args[2:], os.Stderr))
		case helperArg:
			os.Exit(helper(os.Args[2:]))
		}
	}
	os.Exit(m.Run())
}
