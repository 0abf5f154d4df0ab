package agent

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
)

// versionTimeout bounds `<cli> --version`. Gemini's takes 4 s of CPU
// (it loads its whole bundle), many more on a busy machine.
const versionTimeout = 45 * time.Second

// Version runs `<binary> --version` for a CLI agent, with the environment
// the agent would get, and returns the first line it prints. Command
// agents have no version convention: Version returns "" for them.
func (r *Runner) Version(ctx context.Context, s Spec) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	if s.Kind == Command {
		return "", nil
	}
	var out, errOut bytes.Buffer
	exit, err := proc.Run(ctx, proc.Cmd{
		Argv: []string{s.Command[0], "--version"}, Env: r.Env(s),
		Stdout: &out, Stderr: &errOut, Timeout: versionTimeout, Grace: time.Second,
	})
	if err != nil {
		return "", err
	}
	if why := exit.Reason(); why != "" {
		if msg := firstLine(errOut.String()); msg != "" {
			why += ": " + msg
		}
		return "", fmt.Errorf("%s --version: %s", s.Command[0], why)
	}
	return firstLine(out.String()), nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
