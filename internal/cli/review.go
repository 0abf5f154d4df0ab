package cli

import "context"

// runReview is built by its issue; until then it says so.
func runReview(ctx context.Context, args []string, env Env) error {
	return usagef("review: not built yet")
}
