package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/config"
	"github.com/deepreview/deepreview/internal/sandbox"
)

// checkup is what doctor found out about one agent.
type checkup struct {
	spec    agent.Spec
	found   bool
	version string
	argv    []string
	err     error
}

// runDoctor shows, for each agent, whether its CLI is found and where,
// its version and the exact command line a review would run.
func runDoctor(ctx context.Context, args []string, env Env) error {
	fs := newFlags("doctor", "[--config FILE] [--agents name,name] [--sandbox auto|require|off]", env)
	only := fs.String("agents", "", "check only these agents (comma-separated names)")
	cfgFile := fs.String("config", "", "configuration `file` on top of the user's")
	mode := fs.String("sandbox", string(sandbox.Auto), "the --sandbox mode of the review to check")
	verbose := fs.Bool("v", false, "list every system path a confined agent may use")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("doctor: unexpected argument %q", pos[0])
	}
	cfg, err := loadConfig(env, *cfgFile)
	if err != nil {
		return err
	}
	names, err := pickAgents(cfg, *only)
	if err != nil {
		return err
	}
	confine, confineErr := confinement(env, *mode)
	runner := &agent.Runner{Environ: env.Environ(), Secrets: cfg.SecretEnv, Confine: confine}
	checks := checkAgents(ctx, runner, cfg, names)
	printSandbox(env.Stdout, confine, *verbose)
	for _, c := range checks {
		printCheckup(env.Stdout, c)
		if c.found && confine.Active() {
			printPolicy(env.Stdout, runner, c.spec)
		}
	}
	printSetup(env.Stdout, cfg)
	return errors.Join(confineErr, doctorVerdict(checks, *only != ""))
}

// pickAgents returns the agent names to check: every configured agent
// (the CLIs deepreview knows first), or those listed.
func pickAgents(cfg *config.Config, list string) ([]string, error) {
	if list == "" {
		return known(cfg), nil
	}
	var names []string
	for _, n := range splitList(list) {
		if _, ok := cfg.Agents[n]; !ok && !slices.Contains(agent.CLIs, n) {
			return nil, usagef("doctor: unknown agent %q (known: %s)", n, strings.Join(known(cfg), ", "))
		}
		names = append(names, n)
	}
	return names, nil
}

// known lists the CLIs deepreview knows, then the other configured agents.
func known(cfg *config.Config) []string {
	names := slices.Clone(agent.CLIs)
	for _, n := range slices.Sorted(maps.Keys(cfg.Agents)) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// checkAgents checks the named agents, all at once (each --version of a
// node CLI takes a second or two).
func checkAgents(ctx context.Context, r *agent.Runner, cfg *config.Config, names []string) []checkup {
	checks := make([]checkup, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		checks[i].spec = agent.Spec{Name: name, Kind: name}
		a, ok := cfg.Agents[name]
		if !ok || len(a.Command) == 0 {
			continue
		}
		c := &checks[i]
		c.spec, c.found = specOf(a), true
		c.argv, c.err = c.spec.Argv(agent.Request{Confined: r.Confine.Active()})
		if a.Kind == agent.Command {
			continue // an arbitrary command has no --version to ask
		}
		wg.Go(func() {
			v, err := r.Version(ctx, c.spec)
			c.version, c.err = v, errors.Join(c.err, err)
		})
	}
	wg.Wait()
	return checks
}

// printSetup shows what a review would use by default.
func printSetup(w io.Writer, cfg *config.Config) {
	fmt.Fprintf(w, "\ndefault agents  %s\n", orNone(strings.Join(cfg.DefaultAgents, ", ")))
	cons := cfg.Consolidator
	if cons == "" || cons == config.None {
		cons = "none (consolidation by code alone)"
	}
	fmt.Fprintf(w, "consolidator    %s\n", cons)
	fmt.Fprintf(w, "config files    %s\n", orNone(strings.Join(cfg.Files, ", ")))
}

func printCheckup(w io.Writer, c checkup) {
	if !c.found {
		fmt.Fprintf(w, "%-7s not found on PATH\n", c.spec.Name)
		return
	}
	fmt.Fprintf(w, "%-7s %s\n", c.spec.Name, c.spec.Command[0])
	if c.version != "" {
		fmt.Fprintf(w, "        version  %s\n", c.version)
	}
	if c.err != nil {
		fmt.Fprintf(w, "        error    %v\n", c.err)
	}
	if c.argv != nil {
		fmt.Fprintf(w, "        argv     %s\n", shellJoin(c.argv))
	}
}

// printPolicy lists what a confined agent of spec may read, run and
// write in a review: its own installation and the system, the reviewed
// tree and the git objects it borrows, and its scratch folder.
func printPolicy(w io.Writer, r *agent.Runner, spec agent.Spec) {
	p := spec.OwnPolicy(r.Env(spec), []string{"the reviewed tree", "the git objects it borrows"}, "its scratch folder (HOME, TMPDIR)")
	fmt.Fprintf(w, "        may run  %s\n", strings.Join(p.Exec, ", "))
	fmt.Fprintf(w, "        may read %s\n", strings.Join(p.Read, ", "))
	fmt.Fprintf(w, "        may write %s\n", strings.Join(p.Write, ", "))
}

// printSandbox says which sandbox confines the agents, and what every
// confined agent may use of the system.
func printSandbox(w io.Writer, c agent.Confinement, verbose bool) {
	fmt.Fprintf(w, "sandbox  %s\n", c.Describe())
	if c.Active() {
		var present []string
		for _, line := range sandbox.Base().Describe() {
			if !strings.HasPrefix(line, "(missing)") {
				present = append(present, line)
			}
		}
		fmt.Fprintf(w, "         every agent may use %d system paths (-v lists them), and of your files only what is listed below\n", len(present))
		if verbose {
			for _, line := range present {
				fmt.Fprintf(w, "         %s\n", line)
			}
		}
	}
	fmt.Fprintln(w)
}

// doctorVerdict fails if no agent is ready, or if one that was asked
// for by name is not.
func doctorVerdict(checks []checkup, named bool) error {
	var bad []string
	for _, c := range checks {
		if !c.found || c.err != nil {
			bad = append(bad, c.spec.Name)
		}
	}
	switch {
	case len(bad) == len(checks):
		return fmt.Errorf("no agent is ready: install %s, or configure a command agent", strings.Join(agent.CLIs, ", "))
	case named && len(bad) > 0:
		return fmt.Errorf("not ready: %s", strings.Join(bad, ", "))
	}
	return nil
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9@%+=:,./_-]+$`)

// shellJoin quotes argv so it can be pasted into a POSIX shell.
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if shellSafe.MatchString(a) {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
