package cli

import "context"

// runParse is built by its issue; until then it says so.
func runParse(ctx context.Context, args []string, env Env) error {
	return usagef("parse: not built yet")
}
