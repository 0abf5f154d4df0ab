package agent

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/sandbox"
)

// Confinement is how a Runner confines its agents.
type Confinement struct {
	// Mode is the user's choice; Off runs agents unconfined.
	Mode sandbox.Mode
	// Status is the sandbox this machine has (sandbox.Probe).
	Status sandbox.Status
	// Launcher is deepreview's own executable, re-executed as the sandbox
	// launcher (sandbox.Command).
	Launcher string
}

// Active reports whether agents run inside the sandbox: a mode that asks
// for it (the zero Confinement asks for nothing), and a sandbox here.
func (c Confinement) Active() bool {
	return (c.Mode == sandbox.Auto || c.Mode == sandbox.Require) && c.Status.Available()
}

// Check returns an error when the mode requires a sandbox this machine
// does not have.
func (c Confinement) Check() error {
	if c.Mode == sandbox.Require && !c.Status.Available() {
		return fmt.Errorf("--sandbox=require, but no sandbox is available here (%s)", c.Status)
	}
	return nil
}

// Describe says in one line how agents run: for stderr and the report.
func (c Confinement) Describe() string {
	switch {
	case c.Mode == sandbox.Off:
		return "off (--sandbox=off): agents can read and write whatever the user can"
	case !c.Status.Available():
		return "none available (" + c.Status.String() + "): agents can read whatever the user can"
	}
	return c.Status.String()
}

// Policy is what an agent of spec s may touch when confined: the system,
// its own installation, what job lets every agent read (the reviewed
// tree, the git objects it borrows, the change's files), and its scratch
// folder, which is its home and TMPDIR.
func (s Spec) Policy(env []string, read []string, scratch string) sandbox.Policy {
	return sandbox.Base().Merge(s.OwnPolicy(env, read, scratch))
}

// OwnPolicy is the part of Policy that is the agent's own, without the
// system folders every confined process gets.
func (s Spec) OwnPolicy(env []string, read []string, scratch string) sandbox.Policy {
	return sandbox.Policy{Exec: s.installation(env), Read: read, Write: []string{scratch}}
}

// installation is the folders that hold the agent's program: for an npm
// package the whole node_modules folder (claude, codex and gemini load
// platform packages beside their own: @openai/codex-linux-x64,
// @lydell/node-pty), else the folder of the resolved binary, and node's
// installation when the program is a node script.
func (s Spec) installation(env []string) []string {
	path := proc.Getenv(env, "PATH")
	var dirs []string
	if bin, err := proc.LookPath(s.Command[0], path); err == nil {
		dirs = append(dirs, installRoot(bin))
	}
	if node, err := proc.LookPath("node", path); err == nil && s.Kind != Command {
		dirs = append(dirs, installRoot(node))
	}
	return dirs
}

// installRoot is the folder to grant for the program at bin: the
// enclosing node_modules of an npm package, the prefix of a bin/ folder
// (nvm's …/v20/bin/node → …/v20), else bin's own folder. Symlinks are
// resolved: Landlock checks the file a path leads to.
func installRoot(bin string) string {
	real, err := filepath.EvalSymlinks(bin)
	if err != nil {
		real = bin
	}
	real, _ = filepath.Abs(real)
	for d := filepath.Dir(real); d != filepath.Dir(d); d = filepath.Dir(d) {
		if filepath.Base(d) == "node_modules" {
			return d
		}
	}
	dir := filepath.Dir(real)
	if filepath.Base(dir) == "bin" && !strings.HasPrefix(dir, "/usr/") && dir != "/bin" {
		return filepath.Dir(dir)
	}
	return dir
}
