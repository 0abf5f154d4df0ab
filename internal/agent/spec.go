package agent

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// The kinds of agent.
const (
	Claude  = "claude"
	Codex   = "codex"
	Gemini  = "gemini"
	Command = "command"
)

// CLIs are the agent CLIs deepreview knows, in the order it lists them.
var CLIs = []string{Claude, Codex, Gemini}

// DefaultTimeout bounds one agent's run when its Spec sets none. Deep
// reviews of large changes take tens of minutes.
const DefaultTimeout = 30 * time.Minute

// Spec is one configured agent.
type Spec struct {
	// Name identifies the agent in results and progress ("claude",
	// "claude-opus", "my-linter").
	Name string
	// Kind is "claude", "codex", "gemini" or "command".
	Kind string
	// Command is the CLI's binary (one element) for the three CLIs, or
	// the whole argv of a command agent.
	Command []string
	// Model and Effort are passed to CLIs that take them; empty means the
	// CLI's default.
	Model  string
	Effort string
	// Timeout bounds the run; 0 means DefaultTimeout.
	Timeout time.Duration
	// Args are appended to the command line. An Args flag that the adapter
	// also sets by default (the permission or sandbox flags) replaces the
	// default rather than repeating it.
	Args []string
	// Env is added to the agent's environment after filtering.
	Env map[string]string
	// Limits bound what is kept of its output; zero fields are the
	// Runner's.
	Limits Limits
}

// Request is what one run asks of an agent beyond its Spec.
type Request struct {
	// Schema is a JSON schema the final answer must follow (for the
	// consolidator); nil for a free-form Markdown review.
	Schema []byte
	// SchemaFile holds Schema, for CLIs that read it from a file.
	SchemaFile string
	// AddDirs are folders outside the working directory the CLI's file
	// tools must be allowed to read.
	AddDirs []string
	// Confined says the agent runs inside deepreview's sandbox, which then
	// is its filesystem boundary (codex's own sandbox cannot start in it).
	Confined bool
}

// Validate reports what is missing or wrong in s.
func (s Spec) Validate() error {
	switch {
	case s.Name == "":
		return errors.New("agent without a name")
	case !slices.Contains(append(CLIs, Command), s.Kind):
		return fmt.Errorf("agent %s: unknown kind %q (want claude, codex, gemini or command)", s.Name, s.Kind)
	case len(s.Command) == 0 || s.Command[0] == "":
		return fmt.Errorf("agent %s: no command", s.Name)
	case s.Kind != Command && len(s.Command) > 1:
		return fmt.Errorf("agent %s: command of a %s agent is its binary alone; extra arguments go in args", s.Name, s.Kind)
	}
	return nil
}

// Argv returns the exact command line that runs s for req.
func (s Spec) Argv(req Request) ([]string, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	switch s.Kind {
	case Claude:
		return claudeArgv(s, req)
	case Codex:
		return codexArgv(s, req)
	case Gemini:
		return geminiArgv(s, req)
	}
	return commandArgv(s), nil
}

// envPrefixes are the variable families a kind's CLI reads for its
// provider, auth and config.
func envPrefixes(kind string) []string {
	switch kind {
	case Claude:
		return []string{"ANTHROPIC_", "CLAUDE_"}
	case Codex:
		return []string{"OPENAI_", "CODEX_"}
	case Gemini:
		return []string{"GEMINI_", "GOOGLE_"}
	}
	return nil
}

func (s Spec) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

// hasFlag reports whether args set one of the flags names, as "--flag",
// "--flag=value" or "-f".
func hasFlag(args []string, names ...string) bool {
	for _, a := range args {
		for _, n := range names {
			if a == n || (len(n) > 2 && len(a) > len(n) && a[:len(n)+1] == n+"=") {
				return true
			}
		}
	}
	return false
}

// unlessSet returns flag and its value, unless args already set the flag.
func unlessSet(args []string, flag []string, names ...string) []string {
	if hasFlag(args, names...) {
		return nil
	}
	return flag
}
