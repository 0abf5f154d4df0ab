package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Options say where the configuration comes from.
type Options struct {
	UserFile string // the user's file; a missing one is no error. "" for none
	File     string // the --config file; must exist. "" for none
	Path     string // the PATH to find agent CLIs on
	// LookPath finds an executable on path; nil means FindExecutable.
	LookPath func(name, path string) (string, error)
}

// UserFile returns the user's configuration file:
// $XDG_CONFIG_HOME/deepreview/config.toml, else
// $HOME/.config/deepreview/config.toml, else "".
func UserFile(getenv func(string) string) string {
	if d := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "deepreview", "config.toml")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "deepreview", "config.toml")
	}
	return ""
}

// Load builds the configuration from the defaults and the files of o.
func Load(o Options) (*Config, error) {
	if o.LookPath == nil {
		o.LookPath = FindExecutable
	}
	c := defaults(o)
	src := sources{defaultAgents: "defaults", consolidator: "defaults"}
	for _, f := range []struct {
		path     string
		optional bool
	}{{o.UserFile, true}, {o.File, false}} {
		if f.path == "" {
			continue
		}
		ff, err := readFile(f.path)
		if errors.Is(err, fs.ErrNotExist) {
			if f.optional {
				continue
			}
			return nil, fmt.Errorf("config: %w", err)
		}
		if err != nil {
			return nil, err
		}
		if err := ff.apply(c, f.path, &src); err != nil {
			return nil, err
		}
		c.Files = append(c.Files, f.path)
	}
	if err := finish(c, o, src); err != nil {
		return nil, err
	}
	return c, nil
}

// sources remember which file set the top-level keys, for error messages.
type sources struct{ defaultAgents, consolidator string }

func defaults(o Options) *Config {
	c := &Config{Agents: map[string]Agent{}, SecretEnv: slices.Clone(defaultSecretEnv)}
	for _, k := range kinds[:3] {
		if p, err := o.LookPath(k, o.Path); err == nil {
			c.Agents[k] = Agent{Name: k, Kind: k, Command: []string{p}, Source: "defaults"}
			c.DefaultAgents = append(c.DefaultAgents, k)
		}
	}
	return c
}

// finish fills in what depends on everything read, and checks the
// references between keys.
func finish(c *Config, o Options, src sources) error {
	for name, a := range c.Agents {
		if a.Kind == "" {
			return fmt.Errorf("%s: agents.%s: kind is required (one of %s)", a.Source, name, strings.Join(kinds, ", "))
		}
		if a.Kind == Command && len(a.Command) == 0 {
			return fmt.Errorf("%s: agents.%s: a command agent needs command = [\"program\", …]", a.Source, name)
		}
		if len(a.Command) == 0 {
			if p, err := o.LookPath(a.Kind, o.Path); err == nil {
				a.Command = []string{p}
			}
		} else if !strings.ContainsRune(a.Command[0], filepath.Separator) {
			if p, err := o.LookPath(a.Command[0], o.Path); err == nil {
				a.Command = append([]string{p}, a.Command[1:]...)
			}
		}
		c.Agents[name] = a
	}
	if src.defaultAgents == "defaults" {
		c.DefaultAgents = c.runnable()
	}
	for _, n := range c.DefaultAgents {
		if _, ok := c.Agents[n]; !ok {
			return fmt.Errorf("%s: default_agents: no agent %q (known: %s)", src.defaultAgents, n, strings.Join(c.names(), ", "))
		}
	}
	if c.Consolidator == "" {
		c.Consolidator = None
		if a, ok := c.Agents[Claude]; ok && len(a.Command) > 0 {
			c.Consolidator = Claude
		}
	} else if _, ok := c.Agents[c.Consolidator]; !ok && c.Consolidator != None {
		return fmt.Errorf("%s: consolidator: no agent %q (known: %s; or %q)", src.consolidator, c.Consolidator,
			strings.Join(c.names(), ", "), None)
	}
	return nil
}

// FindExecutable looks for an executable regular file called name in the
// folders of path. Empty entries (the current folder) are skipped: the
// current folder may be the code under review.
func FindExecutable(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found on PATH", name)
}

// file is the shape of a configuration file; nil means "not set here".
type file struct {
	DefaultAgents *[]string            `toml:"default_agents"`
	Consolidator  *string              `toml:"consolidator"`
	SecretEnv     []string             `toml:"secret_env"`
	Limits        *limitsFile          `toml:"limits"`
	Agents        map[string]agentFile `toml:"agents"`
}

type agentFile struct {
	Kind    *string           `toml:"kind"`
	Command *argv             `toml:"command"`
	Model   *string           `toml:"model"`
	Effort  *string           `toml:"effort"`
	Timeout *string           `toml:"timeout"`
	Args    *[]string         `toml:"args"`
	Env     map[string]string `toml:"env"`
	Limits  *limitsFile       `toml:"limits"`
}

func readFile(path string) (*file, error) {
	var f file
	md, err := toml.DecodeFile(path, &f)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err // the caller decides whether a missing file matters
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("config %s: unknown key %s", path, strings.Join(keys, ", "))
	}
	return &f, nil
}

func (f *file) apply(c *Config, path string, src *sources) error {
	if f.DefaultAgents != nil {
		if err := checkList(*f.DefaultAgents); err != nil {
			return fmt.Errorf("config %s: default_agents: %w", path, err)
		}
		c.DefaultAgents, src.defaultAgents = slices.Clone(*f.DefaultAgents), path
	}
	if f.Consolidator != nil {
		c.Consolidator, src.consolidator = *f.Consolidator, path
	}
	c.Limits = f.Limits.limits().or(c.Limits)
	for _, n := range f.SecretEnv {
		if n == "" || strings.Contains(n, "=") {
			return fmt.Errorf("config %s: secret_env: %q is not a variable name", path, n)
		}
		if !slices.Contains(c.SecretEnv, n) {
			c.SecretEnv = append(c.SecretEnv, n)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(f.Agents)) {
		if !validName(name) {
			return fmt.Errorf("config %s: agents.%q: a name may only hold letters, digits, - and _", path, name)
		}
		a, err := f.Agents[name].merge(c.Agents[name], name)
		if err != nil {
			return fmt.Errorf("config %s: agents.%s.%w", path, name, err)
		}
		a.Source = path
		c.Agents[name] = a
	}
	return nil
}

func checkList(names []string) error {
	for i, n := range names {
		if slices.Contains(names[:i], n) {
			return fmt.Errorf("%q listed twice", n)
		}
	}
	return nil
}

// merge applies the fields set in af onto a, the agent as configured so
// far. Errors start with the key, for "agents.NAME." to be put in front.
func (af agentFile) merge(a Agent, name string) (Agent, error) {
	a.Name = name
	if a.Kind == "" && slices.Contains(kinds[:3], name) {
		a.Kind = name
	}
	if af.Kind != nil {
		if !slices.Contains(kinds, *af.Kind) {
			return a, fmt.Errorf("kind: %q is not one of %s", *af.Kind, strings.Join(kinds, ", "))
		}
		a.Kind = *af.Kind
	}
	if af.Command != nil {
		a.Command = slices.Clone(af.Command.args)
	}
	if af.Command != nil && a.Kind != Command && a.Kind != "" && (af.Command.array || len(a.Command) != 1) {
		return a, fmt.Errorf("command: for kind %s, give the program's path as a string (arguments go in args)", a.Kind)
	}
	setString(&a.Model, af.Model)
	setString(&a.Effort, af.Effort)
	if af.Timeout != nil {
		d, err := time.ParseDuration(*af.Timeout)
		if err != nil || d <= 0 {
			return a, fmt.Errorf("timeout: %q is not a positive duration like \"90s\" or \"20m\"", *af.Timeout)
		}
		a.Timeout = d
	}
	if af.Args != nil {
		a.Args = slices.Clone(*af.Args)
	}
	a.Limits = af.Limits.limits().or(a.Limits)
	if len(af.Env) > 0 {
		a.Env = maps.Clone(a.Env)
		if a.Env == nil {
			a.Env = map[string]string{}
		}
		for k, v := range af.Env {
			if k == "" || strings.ContainsAny(k, "=\x00") {
				return a, fmt.Errorf("env: %q is not a variable name", k)
			}
			a.Env[k] = v
		}
	}
	return a, nil
}

func setString(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// argv is a command: a string (one program) or an array of strings.
type argv struct {
	args  []string
	array bool
}

func (a *argv) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		if v == "" {
			return errors.New("command is empty")
		}
		a.args = []string{v}
		return nil
	case []any:
		if len(v) == 0 {
			return errors.New("command is an empty array")
		}
		a.array = true
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("command: element %v is a %T, not a string", e, e)
			}
			a.args = append(a.args, s)
		}
		return nil
	}
	return fmt.Errorf("command: want a string or an array of strings, not a %T", v)
}
