package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/deepreview/deepreview/internal/sandbox"
)

// Env is everything a command touches outside its arguments, so tests can
// run commands in-process with their own streams and environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment; Environ lists it (for children).
	Getenv  func(string) string
	Environ func() []string
	Now     func() time.Time
	// Dir is the working directory commands treat as "here".
	Dir string
	// Launcher is deepreview's own executable, re-executed to confine
	// agents; "" means os.Executable().
	Launcher string
	// probe, when set, collects the flag sets commands define (see
	// completion.go); nil in normal runs.
	probe *flagProbe
}

// System is the Env of the running process.
func System() Env {
	dir, _ := os.Getwd()
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Environ: os.Environ, Now: time.Now, Dir: dir,
	}
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env) error
}

func commands() []command {
	return []command{
		{"review", "review a pull request or the current branch with every configured agent", runReview},
		{"list", "list stored reviews", runList},
		{"show", "print a stored review", runShow},
		{"resolve", "record what you did about each finding of a review: fixed, skipped with a reason, …", runResolve},
		{"notes", "show your notes for a repository and the proposals awaiting your decision", runNotes},
		{"parse", "parse one agent review (or a report's appendix) into structured form", runParse},
		{"render", "render a consolidated report from its JSON form", runRender},
		{"consolidate", "consolidate several agent reviews into one report", runConsolidate},
		{"transcript", "print the metrics of one agent transcript", runTranscript},
		{"doctor", "show each configured agent, its path, version and command line", runDoctor},
		{"version", "print deepreview's version and the revision it was built from (also --version)", runVersion},
		{"publish", "write every stored review as HTML, with an index, into a folder", runPublish},
		{"completion", "print a shell completion script for bash, zsh or fish", runCompletion},
		{"help", "print the help of a command", runHelp},
	}
}

// errUsage marks an error in how the command was called: exit status 2.
var errUsage = errors.New("usage")

// usageError is an error in the command line, reported with exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == errUsage }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// Main runs deepreview with args (without the program name) and returns
// the exit status: 0 ok, 1 failure, 2 usage, 3 a review whose verdict
// reached --fail-on (see exitcode.go).
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == sandbox.LauncherArg {
		// The sandbox launcher: restrict this process, then exec the
		// agent. Nothing else of deepreview runs here.
		return sandbox.Launch(args[1:], env.Stderr)
	}
	args = versionFlag(args)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		printHelp(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		return exitStatus(c.run(ctx, args[1:], env), env.Stderr)
	}
	fmt.Fprintf(env.Stderr, "deepreview: unknown command %q (see 'deepreview help')\n", args[0])
	return 2
}

func exitStatus(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errVerdict):
		fmt.Fprintf(stderr, "deepreview: %v\n", err)
		return exitVerdict
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "deepreview: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "deepreview: %v\n", err)
	return exitFailure
}

// newFlags returns a FlagSet that reports errors instead of exiting and
// whose -h prints the command's help on stdout (help.go).
func newFlags(name, usage string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, and printed once by Main
	fs.Usage = func() { printCommandHelp(env.Stdout, fs, usage) }
	if env.probe != nil {
		env.probe.add(fs)
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors. Flags may
// follow positional arguments, as with gh. The flag package calls Usage on
// errors as well as on -h; only -h prints the help.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, err
			}
			return nil, &usageError{msg: fmt.Sprintf("%s: %v\nrun 'deepreview help %s' for usage", fs.Name(), err, fs.Name())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
