package cli

import "context"

// runRender is built by its issue; until then it says so.
func runRender(ctx context.Context, args []string, env Env) error {
	return usagef("render: not built yet")
}
