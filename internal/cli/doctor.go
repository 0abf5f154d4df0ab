package cli

import "context"

// runDoctor is built by its issue; until then it says so.
func runDoctor(ctx context.Context, args []string, env Env) error {
	return usagef("doctor: not built yet")
}
