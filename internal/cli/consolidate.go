package cli

import "context"

// runConsolidate is built by its issue; until then it says so.
func runConsolidate(ctx context.Context, args []string, env Env) error {
	return usagef("consolidate: not built yet")
}
