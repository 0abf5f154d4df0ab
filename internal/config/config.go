package config

import (
	"errors"
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
	// Limits apply to every agent that does not set its own; zero fields
	// are the runner's defaults.
	Limits Limits
	Files  []string // the files that were read, in order
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
	Limits  Limits            // its own limits; zero fields are Config.Limits
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

// runnable lists the agents that have a command, the CLIs first in their
// usual order, then the others by name: the default agents when no file
// names them, so an agent configured is an agent used.
func (c *Config) runnable() []string {
	var out []string
	for _, k := range kinds[:3] {
		if a, ok := c.Agents[k]; ok && len(a.Command) > 0 {
			out = append(out, k)
		}
	}
	for _, n := range c.names() {
		if a := c.Agents[n]; len(a.Command) > 0 && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// NoAgents explains why there is no agent to review with (DefaultAgents
// is empty) and what to do, without suggesting to configure what was.
func (c *Config) NoAgents() error {
	if len(c.Agents) == 0 {
		return errors.New("no agent to review with: looked for claude, codex and gemini on PATH.\n" +
			"Install one (npm install -g @anthropic-ai/claude-code, @openai/codex or @google/gemini-cli) and log in,\n" +
			"or configure an agent in ~/.config/deepreview/config.toml, e.g.\n\n" +
			"  [agents.mine]\n  kind = \"command\"\n  command = [\"my-reviewer\", \"--stdin\"]\n\n" +
			"and run 'deepreview doctor' to check")
	}
	if runnable := c.runnable(); len(runnable) > 0 {
		return fmt.Errorf("no agent to review with: default_agents is empty; name agents there or with --agents (ready: %s)",
			strings.Join(runnable, ", "))
	}
	var why []string
	for _, n := range c.names() {
		a := c.Agents[n]
		why = append(why, fmt.Sprintf("agents.%s (%s): %s not found on PATH; set agents.%s.command", n, a.Source, a.Kind, n))
	}
	return fmt.Errorf("no agent to review with: none of the configured agents can run:\n  %s\n"+
		"run 'deepreview doctor' to check", strings.Join(why, "\n  "))
}

func (c *Config) names() []string {
	var ns []string
	for n := range c.Agents {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}
