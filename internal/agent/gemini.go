package agent

import "fmt"

// geminiInstruction is the -p text: -p makes gemini headless and is
// appended to the prompt it reads on stdin.
const geminiInstruction = "Follow the instructions above."

// geminiArgv: headless stream-json in plan mode, gemini's read-only mode.
// Plan mode offers no shell tool, so a gemini reviewer reads files but
// cannot run git: the prompt must carry the diff. Users who want the
// shell set Args to ["--approval-mode", "default"] (headless mode then
// denies what would need approval) or "yolo" (everything allowed: only in
// a throwaway sandbox). Never --skip-trust: it sets
// GEMINI_CLI_TRUST_WORKSPACE=true inside gemini, and a trusted folder's
// .gemini/settings.json runs its hooks, MCP servers and discovery
// command. The folder stays untrusted (see home.gemini), where plan mode
// is still allowed. Gemini has no effort flag (thinking budgets live in its settings), so
// Effort is ignored.
func geminiArgv(s Spec, req Request) ([]string, error) {
	if req.Schema != nil {
		return nil, fmt.Errorf("agent %s: gemini cannot enforce a JSON schema; use claude or codex", s.Name)
	}
	argv := []string{s.Command[0], "-p", geminiInstruction, "-o", "stream-json"}
	argv = append(argv, unlessSet(s.Args, []string{"--approval-mode", "plan"}, "--approval-mode", "-y", "--yolo")...)
	if s.Model != "" {
		argv = append(argv, "-m", s.Model)
	}
	for _, d := range req.AddDirs {
		argv = append(argv, "--include-directories", d)
	}
	return append(argv, s.Args...), nil
}
