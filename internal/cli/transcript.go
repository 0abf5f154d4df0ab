package cli

import "context"

// runTranscript is built by its issue; until then it says so.
func runTranscript(ctx context.Context, args []string, env Env) error {
	return usagef("transcript: not built yet")
}
