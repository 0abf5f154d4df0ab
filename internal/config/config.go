package config

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Agent kinds.
const (
	Claude  = "claude"
	Codex   = "codex"
	Gemini  = "gemini"
	Command = "command"
)

// kinds are the known kinds; the first three are also default agent names,
// in the order they review by default.
var kinds = []string{Claude, Codex, Gemini, Command}

// None as the consolidator means code-only (deterministic) consolidation.
const None = "none"

// defaultSecretEnv are never passed to agents: an agent reading untrusted
// code must not be able to act on GitHub as the user.
var defaultSecretEnv = []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}

// Config is the merged configuration.
type Config struct {
	Agents        map[string]Agent
	DefaultAgents []string
	Consolidator  string // an agent name, or None
	SecretEnv     []string
	Files         []string // the files that were read, in order
}

// Agent is how to run one agent.
type Agent struct {
	Name    string
	Kind    string   // claude | codex | gemini | command
	Command []string // argv prefix; for claude/codex/gemini just the binary. Empty: not found
	Model   string
	Effort  string
	Timeout time.Duration // 0: the pipeline's default
	Args    []string
	Env     map[string]string // extra environment for the agent
	Source  string            // the file that last set a field of it, or "defaults"
}

// Select returns the agents called names, in order, each ready to run.
func (c *Config) Select(names []string) ([]Agent, error) {
	var out []Agent
	for _, name := range names {
		a, ok := c.Agents[name]
		if !ok {
			return nil, fmt.Errorf("no agent %q (known: %s)", name, strings.Join(c.names(), ", "))
		}
		if len(a.Command) == 0 {
			return nil, fmt.Errorf("agent %s: %s not found on PATH; set agents.%s.command", name, a.Kind, name)
		}
		out = append(out, a)
	}
	return out, nil
}

func (c *Config) names() []string {
	var ns []string
	for n := range c.Agents {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}
