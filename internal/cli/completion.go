package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// This file writes shell completion scripts for bash, zsh and fish. The
// commands come from the command table and their flags from the flag sets
// the commands themselves define, so the scripts cannot drift from the
// program: each command is run with -h and a probe that collects its flag
// set (every command parses its flags before doing anything else).

const completionUsage = "bash|zsh|fish\n\nPrints a completion script for the shell: its commands, their flags and the\nvalues of flags that take one of a few words."

// shells are the shells completion writes scripts for.
func shells() []string { return []string{"bash", "zsh", "fish"} }

func runCompletion(ctx context.Context, args []string, env Env) error {
	fs := newFlags("completion", completionUsage, env)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("completion: want one shell (bash, zsh or fish), got %d arguments", len(pos))
	}
	cmds := completionModel(ctx)
	switch pos[0] {
	case "bash":
		return writeBash(env.Stdout, cmds)
	case "zsh":
		return writeZsh(env.Stdout, cmds)
	case "fish":
		return writeFish(env.Stdout, cmds)
	}
	return usagef("completion: unknown shell %q: want bash, zsh or fish", pos[0])
}

// flagProbe collects the flag sets that commands define.
type flagProbe struct{ sets []*flag.FlagSet }

func (p *flagProbe) add(fs *flag.FlagSet) { p.sets = append(p.sets, fs) }

// compCommand is what a completion script knows of one command.
type compCommand struct {
	name, summary string
	flags         []compFlag
	// args are the words its positional argument takes; nil means files.
	args []string
}

// compFlag is one flag: whether it takes a value, and the words of that
// value when it is one of a few.
type compFlag struct {
	name, usage string
	value       bool
	choices     []string
}

// completionModel runs every command with -h under a probe and reads the
// flags each defines.
func completionModel(ctx context.Context) []compCommand {
	var out []compCommand
	for _, c := range commands() {
		p := &flagProbe{}
		env := Env{
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
			probe: p,
		}
		_ = c.run(ctx, []string{"-h"}, env) // flag.ErrHelp
		cc := compCommand{name: c.name, summary: c.summary, args: positional(c.name)}
		for _, fs := range p.sets {
			fs.VisitAll(func(f *flag.Flag) { cc.flags = append(cc.flags, flagOf(f)) })
		}
		out = append(out, cc)
	}
	return out
}

// positional names the words a command's argument takes, for the commands
// whose argument is not a file, a review id or a pull request.
func positional(name string) []string {
	switch name {
	case "help":
		var names []string
		for _, c := range commands() {
			names = append(names, c.name)
		}
		return names
	case "completion":
		return shells()
	}
	return nil
}

func flagOf(f *flag.Flag) compFlag {
	_, usage := flag.UnquoteUsage(f)
	usage, _, _ = strings.Cut(usage, "\n")
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	value := !ok || !b.IsBoolFlag()
	cf := compFlag{name: f.Name, usage: usage, value: value}
	if value {
		cf.choices = choices(usage)
	}
	return cf
}

var (
	parenthetical = regexp.MustCompile(`\s*\([^()]*\)`)
	word          = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// choices reads the words a flag's value may be from its usage, which
// ends with them: "output format: md, json or sarif" gives md, json and
// sarif; "confine agents: auto (when the OS can) or off (…)" gives auto
// and off. A usage that does not end with such a list gives none.
func choices(usage string) []string {
	i := strings.LastIndex(usage, ": ")
	if i < 0 {
		return nil
	}
	list := parenthetical.ReplaceAllString(usage[i+2:], "")
	list = strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(list), "."), " or ", ", ")
	words := strings.Split(list, ", ")
	for _, w := range words {
		if !word.MatchString(w) {
			return nil
		}
	}
	if len(words) < 2 {
		return nil
	}
	return words
}

func names(cmds []compCommand) string {
	var n []string
	for _, c := range cmds {
		n = append(n, c.name)
	}
	return strings.Join(n, " ")
}

func writeBash(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString("# bash completion for deepreview, written by 'deepreview completion bash'.\n")
	b.WriteString("# Load it with: source <(deepreview completion bash)\n\n")
	b.WriteString("_deepreview() {\n\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flags= args=\n")
	fmt.Fprintf(&b, "\tif (( COMP_CWORD == 1 )); then\n\t\tCOMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n\t\treturn\n\tfi\n", names(cmds))
	b.WriteString("\tcase ${COMP_WORDS[1]} in\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t%s)\n", c.name)
		bashValues(&b, c)
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, "--"+f.name)
		}
		fmt.Fprintf(&b, "\t\tflags='%s' args='%s' ;;\n", strings.Join(fl, " "), strings.Join(c.args, " "))
	}
	b.WriteString("\tesac\n")
	b.WriteString("\tif [[ $cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n")
	b.WriteString("\telif [[ -n $args ]]; then\n\t\tCOMPREPLY=($(compgen -W \"$args\" -- \"$cur\"))\n\tfi\n}\n\n")
	b.WriteString("complete -o default -F _deepreview deepreview\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// bashValues completes the value after a flag that takes one: its choices,
// else the default completion (files).
func bashValues(b *strings.Builder, c compCommand) {
	var plain []string
	var cases []string
	for _, f := range c.flags {
		if !f.value {
			continue
		}
		pat := "-" + f.name + "|--" + f.name
		if len(f.choices) > 0 {
			cases = append(cases, fmt.Sprintf("\t\t%s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", pat, strings.Join(f.choices, " ")))
		} else {
			plain = append(plain, pat)
		}
	}
	if len(plain) > 0 {
		cases = append(cases, fmt.Sprintf("\t\t%s) return ;;\n", strings.Join(plain, "|")))
	}
	if len(cases) == 0 {
		return
	}
	b.WriteString("\t\tcase $prev in\n")
	for _, s := range cases {
		b.WriteString(s)
	}
	b.WriteString("\t\tesac\n")
}

func writeZsh(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString("#compdef deepreview\n# zsh completion for deepreview, written by 'deepreview completion zsh'.\n")
	b.WriteString("# Put it in a folder of $fpath as _deepreview, or load it with: source <(deepreview completion zsh)\n\n")
	b.WriteString("_deepreview() {\n\tlocal -a commands\n\tcommands=(\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t\t%s\n", shQuote(c.name+":"+c.summary))
	}
	b.WriteString("\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe -t commands 'deepreview command' commands\n\t\treturn\n\tfi\n")
	b.WriteString("\tlocal cmd=$words[2]\n\tshift words\n\t(( CURRENT-- ))\n\tcase $cmd in\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t%s)\n\t\t_arguments", c.name)
		for _, f := range c.flags {
			fmt.Fprintf(&b, " \\\n\t\t\t%s", shQuote(zshSpec(f)))
		}
		arg := "'*:file:_files'"
		if len(c.args) > 0 {
			arg = shQuote("1:" + c.name + ":(" + strings.Join(c.args, " ") + ")")
		}
		fmt.Fprintf(&b, " \\\n\t\t\t%s\n\t\t;;\n", arg)
	}
	b.WriteString("\tesac\n}\n\n")
	b.WriteString("if [ \"$funcstack[1]\" = _deepreview ]; then\n\t_deepreview \"$@\"\nelse\n\tcompdef _deepreview deepreview\nfi\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// zshSpec is a flag's _arguments spec: --name[usage], then :name:action
// for a value.
func zshSpec(f compFlag) string {
	s := "--" + f.name + "[" + zshEscape(f.usage) + "]"
	switch {
	case len(f.choices) > 0:
		s += ":" + f.name + ":(" + strings.Join(f.choices, " ") + ")"
	case f.value:
		s += ":" + f.name + ":_files"
	}
	return s
}

// zshEscape escapes what _arguments reads inside a description.
func zshEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

func writeFish(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString("# fish completion for deepreview, written by 'deepreview completion fish'.\n")
	b.WriteString("# Save it as ~/.config/fish/completions/deepreview.fish\n\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "complete -c deepreview -f -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cmds {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range c.flags {
			fmt.Fprintf(&b, "complete -c deepreview -n %s -l %s", cond, f.name)
			switch {
			case len(f.choices) > 0:
				fmt.Fprintf(&b, " -x -a %s", fishQuote(strings.Join(f.choices, " ")))
			case f.value:
				b.WriteString(" -r")
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.usage))
		}
		if len(c.args) > 0 {
			fmt.Fprintf(&b, "complete -c deepreview -f -n %s -a %s\n", cond, fishQuote(strings.Join(c.args, " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shQuote quotes s for sh and zsh: single quotes, each ' as '\”.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish, where \ and ' are escaped inside single
// quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
