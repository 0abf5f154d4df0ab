package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/deepreview/deepreview/internal/agent"
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
	fs := newFlags("doctor", "[--agents name,name]", env)
	only := fs.String("agents", "", "check only these agents (comma-separated names)")
	// TODO(lead): a --config flag once internal/config exists; configured
	// agents (command agents included) then join the discovered ones.
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("doctor: unexpected argument %q", pos[0])
	}
	names, err := pickAgents(*only)
	if err != nil {
		return err
	}
	runner := &agent.Runner{Environ: env.Environ()}
	checks := checkAgents(ctx, runner, names, env.Getenv("PATH"))
	for _, c := range checks {
		printCheckup(env.Stdout, c)
	}
	return doctorVerdict(checks, *only != "")
}

// pickAgents returns the agent names to check: all known, or those listed.
func pickAgents(list string) ([]string, error) {
	if list == "" {
		return agent.CLIs, nil
	}
	var names []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(agent.CLIs, n) {
			return nil, usagef("doctor: unknown agent %q (known: %s)", n, strings.Join(agent.CLIs, ", "))
		}
		names = append(names, n)
	}
	return names, nil
}

// checkAgents checks the named CLIs found on pathList, all at once (each
// --version of a node CLI takes a second or two).
func checkAgents(ctx context.Context, r *agent.Runner, names []string, pathList string) []checkup {
	found := agent.Discover(pathList)
	checks := make([]checkup, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		checks[i].spec = agent.Spec{Name: name, Kind: name}
		j := slices.IndexFunc(found, func(s agent.Spec) bool { return s.Name == name })
		if j < 0 {
			continue
		}
		c := &checks[i]
		c.spec, c.found = found[j], true
		c.argv, c.err = c.spec.Argv(agent.Request{})
		wg.Go(func() {
			v, err := r.Version(ctx, c.spec)
			c.version, c.err = v, errors.Join(c.err, err)
		})
	}
	wg.Wait()
	return checks
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
