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

// claudeDenied are tools that write or reach the network, and the forms
// of the allowed commands that write files or run programs (git's
// --output, git grep's pager, rg's preprocessor): a reviewer of untrusted
// code must not be steered into either. Deny rules win over the allowed
// prefixes; each was seen to write or run with the real CLI (2.1.328)
// without it.
var claudeDenied = []string{"Edit", "MultiEdit", "Write", "NotebookEdit", "WebFetch", "WebSearch",
	"Bash(*--output*)", "Bash(git grep *-O*)", "Bash(*--open-files-in-pager*)", "Bash(rg *--pre*)"}

// maxSchemaArg keeps the inline schema well under the 128 KiB limit of
// one argument.
const maxSchemaArg = 64 << 10

// claudeIsolation keeps the reviewed code from configuring claude: only
// the user's settings are read (a project's .claude/settings.json carries
// hooks that run before any permission applies, and permission rules), no
// MCP server is started but those named by --mcp-config (none: the
// project's .mcp.json and enableAllProjectMcpServers are ignored), and no
// skill or slash command is loaded. The snapshot withholds those files
// too; these flags hold should one slip through.
var claudeIsolation = []string{"--setting-sources", "user", "--strict-mcp-config", "--disable-slash-commands"}

// claudeArgv: print mode with stream-json (which requires --verbose), the
// prompt on stdin. In -p mode nothing can be approved interactively, so
// permission mode "default" denies every tool call outside the allowed
// list; "plan" is stricter still but tends to end on ExitPlanMode.
func claudeArgv(s Spec, req Request) ([]string, error) {
	argv := []string{s.Command[0], "-p", "--output-format", "stream-json", "--verbose"}
	argv = append(argv, claudeIsolation...)
	argv = append(argv, unlessSet(s.Args, []string{"--permission-mode", "default"}, "--permission-mode")...)
	argv = append(argv, unlessSet(s.Args, []string{"--allowedTools", strings.Join(claudeAllowed, ",")}, "--allowedTools", "--allowed-tools")...)
	argv = append(argv, unlessSet(s.Args, []string{"--disallowedTools", strings.Join(claudeDenied, ",")}, "--disallowedTools", "--disallowed-tools")...)
	if s.Model != "" {
		argv = append(argv, "--model", s.Model)
	}
	if s.Effort != "" {
		argv = append(argv, "--effort", s.Effort) // low, medium, high, xhigh, max (2.1.x)
	}
	for _, d := range req.AddDirs {
		argv = append(argv, "--add-dir", d)
	}
	if req.Schema != nil {
		b, err := claudeSchema(req.Schema)
		if err != nil {
			return nil, fmt.Errorf("agent %s: schema: %w", s.Name, err)
		}
		if len(b) > maxSchemaArg {
			return nil, fmt.Errorf("agent %s: schema of %d bytes is too long for --json-schema", s.Name, len(b))
		}
		argv = append(argv, "--json-schema", string(b))
	}
	return append(argv, s.Args...), nil
}

// claudeSchema is the schema as claude's --json-schema takes it: compact,
// without "$schema". Claude Code 2.1.328 validates the schema itself and
// rejects one that names a draft it does not know ("no schema with key or
// ref https://json-schema.org/draft/2020-12/schema"); the keywords our
// schemas use mean the same in every draft.
func claudeSchema(raw []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	delete(doc, "$schema")
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
