package agent

import "fmt"

// codexShellEnv keeps API keys and tokens out of the environment of the
// shell commands codex runs for the model: only the core variables (HOME,
// PATH, USER, …) are inherited, and secret-looking names are excluded on
// top, so `env` or /proc/self/environ in a tool call shows no key.
var codexShellEnv = []string{
	"-c", `shell_environment_policy.inherit="core"`,
	"-c", `shell_environment_policy.ignore_default_excludes=false`,
	"-c", `shell_environment_policy.exclude=["*KEY*","*TOKEN*","*SECRET*","*PASSWORD*","*CREDENTIAL*"]`,
}

// codexArgv: exec with JSONL events and the prompt on stdin ("-"): a
// prompt argument that happens to be "review" or "resume" is taken as
// that subcommand. "-" must stay last, after Args. Unconfined, codex's own
// read-only sandbox stops writes. Inside deepreview's sandbox codex's own
// cannot start (its bubblewrap needs mounts, which Landlock refuses, and
// the failure is silent: every command errors), so there deepreview's
// sandbox is the boundary and codex's is off.
func codexArgv(s Spec, req Request) ([]string, error) {
	argv := []string{s.Command[0], "exec", "--json", "--color", "never"}
	mode := "read-only"
	if req.Confined {
		mode = "danger-full-access"
	}
	argv = append(argv, unlessSet(s.Args, []string{"--sandbox", mode}, "--sandbox", "-s")...)
	argv = append(argv, codexShellEnv...)
	argv = append(argv, "--skip-git-repo-check")
	if s.Model != "" {
		argv = append(argv, "-m", s.Model)
	}
	if s.Effort != "" {
		argv = append(argv, "-c", fmt.Sprintf("model_reasoning_effort=%q", s.Effort))
	}
	if req.Schema != nil {
		if req.SchemaFile == "" {
			return nil, fmt.Errorf("agent %s: a schema needs a schema file for codex", s.Name)
		}
		argv = append(argv, "--output-schema", req.SchemaFile)
	}
	argv = append(argv, s.Args...)
	return append(argv, "-"), nil
}
