package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// claudeAllowed are the tools a Claude reviewer may use without asking:
// reading and searching, and git commands that only read. Claude Code
// 2.1 has no Grep and Glob tools (it searches through Bash), hence rg and
// grep. Read-only tools need no rule; naming them documents the intent.
var claudeAllowed = []string{
	"Read", "Grep", "Glob", "LS",
	"Bash(git diff:*)", "Bash(git log:*)", "Bash(git show:*)", "Bash(git status:*)",
	"Bash(git blame:*)", "Bash(git grep:*)", "Bash(git ls-files:*)", "Bash(git rev-parse:*)",
	"Bash(rg:*)", "Bash(grep:*)", "Bash(ls:*)", "Bash(wc:*)",
}

// claudeDenied are tools that write or reach the network: a reviewer of
// untrusted code must not be steered into either.
var claudeDenied = []string{"Edit", "MultiEdit", "Write", "NotebookEdit", "WebFetch", "WebSearch"}

// maxSchemaArg keeps the inline schema well under the 128 KiB limit of
// one argument.
const maxSchemaArg = 64 << 10

// claudeArgv: print mode with stream-json (which requires --verbose), the
// prompt on stdin. In -p mode nothing can be approved interactively, so
// permission mode "default" denies every tool call outside the allowed
// list; "plan" is stricter still but tends to end on ExitPlanMode.
func claudeArgv(s Spec, req Request) ([]string, error) {
	argv := []string{s.Command[0], "-p", "--output-format", "stream-json", "--verbose"}
	argv = append(argv, unlessSet(s.Args, []string{"--permission-mode", "default"}, "--permission-mode")...)
	argv = append(argv, unlessSet(s.Args, []string{"--allowedTools", strings.Join(claudeAllowed, ",")}, "--allowedTools", "--allowed-tools")...)
	argv = append(argv, unlessSet(s.Args, []string{"--disallowedTools", strings.Join(claudeDenied, ",")}, "--disallowedTools", "--disallowed-tools")...)
	if s.Model != "" {
		argv = append(argv, "--model", s.Model)
	}
	if s.Effort != "" {
		argv = append(argv, "--effort", s.Effort) // low, medium, high, xhigh, max (2.1.x)
	}
	if req.Schema != nil {
		var b bytes.Buffer
		if err := json.Compact(&b, req.Schema); err != nil {
			return nil, fmt.Errorf("agent %s: schema: %w", s.Name, err)
		}
		if b.Len() > maxSchemaArg {
			return nil, fmt.Errorf("agent %s: schema of %d bytes is too long for --json-schema", s.Name, b.Len())
		}
		argv = append(argv, "--json-schema", b.String())
	}
	return append(argv, s.Args...), nil
}
