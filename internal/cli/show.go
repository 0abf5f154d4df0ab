package cli

import "context"

// runShow is built by its issue; until then it says so.
func runShow(ctx context.Context, args []string, env Env) error { return usagef("show: not built yet") }
