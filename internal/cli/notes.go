package cli

import "context"

// runNotes is built by its issue; until then it says so.
func runNotes(ctx context.Context, args []string, env Env) error {
	return usagef("notes: not built yet")
}
