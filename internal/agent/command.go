package agent

// commandArgv: a command agent runs as configured, reads the prompt on
// stdin and writes its review on stdout. Model and Effort are not passed
// (the command's own args choose); a requested schema's file is given in
// DEEPREVIEW_SCHEMA_FILE by the runner.
func commandArgv(s Spec) []string {
	return append(append([]string{}, s.Command...), s.Args...)
}
