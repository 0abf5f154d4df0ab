package cli

import "context"

// runList is built by its issue; until then it says so.
func runList(ctx context.Context, args []string, env Env) error { return usagef("list: not built yet") }
