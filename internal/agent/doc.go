// Package agent starts the reviewing agents — Claude Code, Codex CLI,
// Gemini CLI or any command — in parallel, watches them and records what
// happened to each.
//
// A Spec says which agent to run and how; its Argv is the exact,
// inspectable command line: non-interactive, streaming structured output,
// read-only but able to read the code and run git. The prompt always goes
// on stdin (a prompt of 128 KiB or more as one argument fails with E2BIG).
//
// Runner.RunAll starts every Job at once. One agent's crash, timeout,
// garbage output or non-zero exit never stops the others: it is recorded
// in its Result, not returned. Each agent runs in its own process group
// (package proc), so cancellation and timeouts leave no process behind.
//
// What is kept of an agent's output is bounded by its Limits (transcript,
// stderr, review text), so memory and disk stay flat whatever it prints:
// past a limit the output is drained and dropped, and Metrics.Truncated
// says so. A review text longer than its limit fails the run.
package agent
