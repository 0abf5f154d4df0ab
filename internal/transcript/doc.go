// Package transcript decodes the streaming JSON transcripts of the agent
// CLIs (claude stream-json, codex exec --json, gemini stream-json) into
// Metrics: final text, duration, turns, tokens, cost, tool calls, error.
//
// A Decoder takes stdout one line at a time, so a runner can show progress
// while the agent works; Decode reads a whole transcript. Lines that are not
// JSON objects, unknown event types and unknown fields are skipped, never
// an error. Older formats are read too: codex's legacy `msg` events and its
// transitional `item_type` items, gemini's `-o json` object and claude's
// `-o json` array (Decode reassembles pretty-printed documents).
//
// Error is "" for a run that succeeded. Otherwise it starts with a reason
// when one is recognised ("rate limit or quota", "authentication", "api
// error", "refusal", "max turns", with "(HTTP n)" when the status is known)
// followed by the CLI's message. When the run reports a failure, FinalText
// is "": an API error's message, which claude prints as the result text,
// must never pass for a review. When the terminal event is missing (the
// run was cut short, or is still going) Error says so ("no result event",
// codex: "no turn.completed event") and FinalText holds the text so far.
//
// Token counts are normalised: Input excludes cached input, CacheRead and
// CacheWrite are the cached parts, Output is as the CLI reports it (for
// codex it includes Reasoning). Each decoder's comment gives its sources.
package transcript
