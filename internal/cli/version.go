package cli

import (
	"context"
	"fmt"

	"github.com/deepreview/deepreview/internal/version"
)

// runVersion prints the module version and VCS revision of this build.
func runVersion(_ context.Context, args []string, env Env) error {
	fs := newFlags("version", "", env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	_, err := fmt.Fprint(env.Stdout, version.Get().Long())
	return err
}

// versionFlag turns "deepreview --version" (or -version) into the version
// command.
func versionFlag(args []string) []string {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		return append([]string{"version"}, args[1:]...)
	}
	return args
}
