// Package config loads deepreview's configuration: which agents exist, how
// to run them, which review by default, who consolidates, and which
// environment variables never reach an agent.
//
// Sources, later ones winning field by field: built-in defaults (every
// agent CLI found on PATH: claude, codex, gemini), the user's file
// ($XDG_CONFIG_HOME/deepreview/config.toml, else
// ~/.config/deepreview/config.toml), then a file given with --config. Flags
// are the CLI's to apply on top.
//
// A .deepreview/config.toml inside the reviewed repository is deliberately
// not read: the repository is the untrusted input of a review (a pull
// request from anyone), and a config file there could name any program as
// an agent command, add arguments that disable an agent's sandbox or pass
// secrets through env, and would run it on the reviewer's machine.
//
// The file format (TOML; unknown keys are errors):
//
//	default_agents = ["claude", "codex"]  # agents reviewing when no flag says otherwise;
//	                                      # unset: every agent that can run (CLIs found, agents defined)
//	consolidator   = "claude"             # an agent name, or "none" for code-only consolidation
//	secret_env     = ["AWS_SECRET_ACCESS_KEY"]  # added to GH_TOKEN, GITHUB_TOKEN, …
//
//	[limits]               # what is kept of each agent's output (these are the defaults)
//	transcript = "256MiB"  # stdout in transcript.jsonl; the rest is read and dropped
//	stderr     = "16MiB"   # stderr in stderr.txt
//	review     = "2MiB"    # the review text; a longer one is cut and the agent fails
//
//	[agents.claude]        # kind defaults to the name for claude, codex and gemini
//	command = "/opt/claude/bin/claude"   # a path, or a name looked up on PATH
//	model   = "opus"
//	effort  = "high"
//	timeout = "20m"
//	args    = ["--verbose"]
//	env     = { CLAUDE_CODE_MAX_OUTPUT_TOKENS = "32000" }
//	limits  = { transcript = "1GiB" }    # this agent's own; sizes in B, KiB, MiB, GiB, KB, MB, GB or bytes
//
//	[agents.lint]
//	kind    = "command"
//	command = ["my-reviewer", "--markdown"]   # argv; the prompt comes on stdin
package config
