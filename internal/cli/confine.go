package cli

import (
	"fmt"
	"os"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/sandbox"
	"github.com/deepreview/deepreview/internal/snapshot"
)

// confinement is how agents run for the --sandbox mode: the sandbox this
// machine has, and deepreview's own executable as its launcher.
func confinement(env Env, mode string) (agent.Confinement, error) {
	m, err := sandbox.ParseMode(mode)
	if err != nil {
		return agent.Confinement{}, usagef("--sandbox: %v", err)
	}
	c := agent.Confinement{Mode: m, Status: sandbox.Probe(), Launcher: env.Launcher}
	if c.Launcher == "" {
		if c.Launcher, err = os.Executable(); err != nil {
			return c, fmt.Errorf("sandbox launcher: %w", err)
		}
	}
	return c, c.Check()
}

// sweep removes the snapshot folders of deepreview runs that died
// without cleaning up (kill -9, a crash, a power cut).
func sweep(env Env) {
	removed, err := snapshot.Sweep("")
	if err != nil {
		fmt.Fprintf(env.Stderr, "deepreview: sweeping old snapshots: %v\n", err)
	}
	if len(removed) > 0 {
		fmt.Fprintf(env.Stderr, "deepreview: removed %d snapshot folder(s) of dead runs\n", len(removed))
	}
}
