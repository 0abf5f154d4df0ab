// Package modelsim is a scripted model server for tests: it speaks the
// streaming APIs of Anthropic (Messages), OpenAI (Responses) and Google
// (Gemini GenerateContent) on loopback, so the real claude, codex and
// gemini binaries run end to end with no network and no accounts.
//
// A Script gives, per API family, the responses of the conversation: tool
// calls in the CLI's own vocabulary (Bash, exec_command, read_file, …) and
// a final text, each with the usage the server reports. The server finds
// the step a request is at by counting the tool results it carries
// (tool_result blocks, function_call_output items, functionResponse
// parts), so retries and side calls do not move the script. Requests that
// offer no tools are side calls (titles, classifiers, checks) and get a
// short text, or JSON shaped by the schema they ask for.
//
// Faults (HTTP 500, 429 with Retry-After, 529/503, a refusal, an in-stream
// error, a garbled body, a stream cut or stalled midway) are injected per
// family at a step, for a number of requests. Every request is logged
// (path, family, kind, step, tools offered, answer, usage, body digest)
// for assertions.
//
//	srv := modelsim.New(modelsim.Script{Anthropic: []modelsim.Step{
//		modelsim.ToolStep("Bash", map[string]any{"command": "git diff main"}, modelsim.Usage{Input: 900, Output: 20}),
//		modelsim.TextStep("## Executive Summary\n…", modelsim.Usage{Input: 1200, Output: 300}),
//	}})
//	if err := srv.Start(); err != nil { … }
//	defer srv.Close()
//	// ANTHROPIC_BASE_URL=srv.URL() claude -p …
//
// How to point each CLI at the server, and what each CLI was seen to do
// against it, is in docs/real-agents.md; the TestRealAgents tests in this
// package run the real binaries (installed by scripts/install-agents.sh).
package modelsim
