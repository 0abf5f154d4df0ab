package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// This file holds the help: the top-level list of commands, each
// command's help (printed by its -h and by 'deepreview help CMD', on
// stdout as gh and git do, since it is what was asked for) and its
// examples.

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "deepreview: a deep review of one change by several AI coding agents in parallel")
	fmt.Fprintln(w, "\nUsage: deepreview COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'deepreview help COMMAND' for a command's flags and examples.")
	fmt.Fprintln(w, "Exit status: 0 ok, 1 failure, 2 usage, 3 the verdict reached review's --fail-on.")
}

const helpUsage = "[COMMAND]\n\nPrints the help of COMMAND, or the list of commands."

// runHelp prints the help of the command named in args, or the list of
// commands. A command's help is what its -h prints: every command parses
// its flags before doing anything, so running it with -h does nothing else.
func runHelp(ctx context.Context, args []string, env Env) error {
	fs := newFlags("help", helpUsage, env)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		printHelp(env.Stdout)
		return nil
	case len(pos) > 1:
		return usagef("help: want one COMMAND, got %d arguments", len(pos))
	}
	for _, c := range commands() {
		if c.name == pos[0] {
			return c.run(ctx, []string{"-h"}, env)
		}
	}
	return usagef("help: unknown command %q", pos[0])
}

// printCommandHelp writes a command's help: summary, usage, flags and
// examples.
func printCommandHelp(w io.Writer, fs *flag.FlagSet, usage string) {
	name := fs.Name()
	fmt.Fprintf(w, "deepreview %s: %s\n\n", name, summaryOf(name))
	fmt.Fprintf(w, "usage: deepreview %s %s\n", name, strings.TrimRight(usage, "\n"))
	if hasFlags(fs) {
		fmt.Fprintln(w, "\nFlags:")
		fs.VisitAll(func(f *flag.Flag) { printFlag(w, f) })
	}
	if ex := examples(name); len(ex) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, e := range ex {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// printFlag writes one flag as flag.PrintDefaults does, but spelled with
// two dashes as the README and the examples spell them (Go's flag package
// takes both).
func printFlag(w io.Writer, f *flag.Flag) {
	name, usage := flag.UnquoteUsage(f)
	line := "  --" + f.Name
	if name != "" {
		line += " " + name
	}
	switch def := f.DefValue; {
	case def == "" || def == "false" || def == "0" || def == "0s":
	case fmt.Sprintf("%T", f.Value) == "*flag.stringValue":
		usage += fmt.Sprintf(" (default %q)", def)
	default:
		usage += fmt.Sprintf(" (default %s)", def)
	}
	fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func summaryOf(name string) string {
	for _, c := range commands() {
		if c.name == name {
			return c.summary
		}
	}
	return ""
}

// examples are a command's typical calls, each with a comment saying what
// it does. TestEveryCommandHasExamples keeps this in step with the table.
func examples(name string) []string {
	switch name {
	case "review":
		return []string{
			"deepreview review                          # the current branch against the default branch",
			"deepreview review 42 --post                # pull request #42 of this repository; post the report",
			"deepreview review owner/repo#42 --agents claude,codex --fail-on rework",
			"deepreview review --base v1.2 --format rdjsonl | reviewdog -f=rdjsonl -reporter=local",
		}
	case "list":
		return []string{
			"deepreview list              # the reviews of the current repository",
			"deepreview list 42           # the rounds of pull request #42",
			"deepreview list --all --format json",
		}
	case "show":
		return []string{
			"deepreview show                          # the newest review of the current branch",
			"deepreview show 20260401-120241-pr-269 --format sarif > review.sarif",
			"deepreview show latest --format html > review.html",
		}
	case "resolve":
		return []string{
			"deepreview resolve                       # on a terminal: asks about each finding without a resolution",
			"deepreview resolve --finding I1=fixed:3f2a1bc --finding S1=skipped:\"by design: see the README\"",
			"deepreview resolve 20260401-120241-pr-269 --file resolution.json",
		}
	case "notes":
		return []string{
			"deepreview notes                  # what every review of this repository is told",
			"deepreview notes --skill --edit   # edit the proposed skill improvements",
		}
	case "parse":
		return []string{
			"deepreview parse --agent claude review.md",
			"deepreview parse --appendix report.md",
		}
	case "render":
		return []string{
			"deepreview render report.json",
			"deepreview render --format sarif report.json > report.sarif",
		}
	case "consolidate":
		return []string{
			"deepreview consolidate claude=claude.md codex=codex.md",
			"deepreview consolidate --consolidator claude --tree . --format json claude=claude.md gemini=gemini.md",
		}
	case "transcript":
		return []string{
			"deepreview transcript --agent codex transcript.jsonl",
			"deepreview transcript --agent claude --format text - < transcript.jsonl",
		}
	case "doctor":
		return []string{
			"deepreview doctor",
			"deepreview doctor --agents claude -v",
		}
	case "publish":
		return []string{
			"deepreview publish site            # site/index.html and one page per review",
			"deepreview publish --repo owner/name docs/reviews",
		}
	case "completion":
		return []string{
			"source <(deepreview completion bash)                                   # in ~/.bashrc",
			"deepreview completion zsh > \"${fpath[1]}/_deepreview\"                   # then restart zsh",
			"deepreview completion fish > ~/.config/fish/completions/deepreview.fish",
		}
	case "help":
		return []string{"deepreview help review"}
	case "version":
		return []string{"deepreview version           # also: deepreview --version"}
	}
	return nil
}
