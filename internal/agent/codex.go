package agent

import "fmt"

// codexArgv: exec with JSONL events, the read-only sandbox (shell
// commands run, nothing is written) and the prompt on stdin ("-"): a
// prompt argument that happens to be "review" or "resume" is taken as
// that subcommand. "-" must stay last, after Args.
func codexArgv(s Spec, req Request) ([]string, error) {
	argv := []string{s.Command[0], "exec", "--json", "--color", "never"}
	argv = append(argv, unlessSet(s.Args, []string{"--sandbox", "read-only"}, "--sandbox", "-s")...)
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
