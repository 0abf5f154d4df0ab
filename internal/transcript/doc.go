// Package transcript decodes the streaming JSON transcripts of the agent
// CLIs (claude stream-json, codex exec --json, gemini stream-json) into
// Metrics: final text, duration, turns, tokens, cost, tool calls, error.
package transcript
