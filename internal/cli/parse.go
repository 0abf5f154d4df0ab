package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/finding"
)

const parseUsage = "[--agent NAME] [--format json|md] FILE\n       deepreview parse --appendix [--format json] REPORT.md\n\nFILE - reads standard input."

// runParse prints one agent review (or every review of a report's
// appendix) in its structured form.
func runParse(ctx context.Context, args []string, env Env) error {
	fs := newFlags("parse", parseUsage, env)
	agent := fs.String("agent", "", "agent `name` to record in the output (claude, codex, gemini, …)")
	format := fs.String("format", "json", "output `format`: json or md")
	appendix := fs.Bool("appendix", false, "parse the original reviews in a consolidated report's appendix")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("parse: want one FILE, got %d arguments", len(pos))
	}
	if *format != "json" && *format != "md" {
		return usagef("parse: --format must be json or md, not %q", *format)
	}
	if *appendix && *format != "json" {
		return usagef("parse: --appendix prints json only")
	}
	name, src, err := readInput(pos[0], env)
	if err != nil {
		return err
	}
	if *appendix {
		return parseAppendix(name, src, env)
	}
	r, err := finding.Parse(name, src)
	if err != nil {
		return err
	}
	r.Agent = *agent
	if *format == "md" {
		return finding.Markdown(env.Stdout, r)
	}
	return writeJSON(env.Stdout, r)
}

// appendixReview is one element of the --appendix output: the parsed
// review with the pass from its heading.
type appendixReview struct {
	*finding.Review
	Pass int `json:"pass"`
}

// appendixFailure is a review of the appendix that does not parse: its
// heading, the reason and its raw text.
type appendixFailure struct {
	Agent string `json:"agent"`
	Model string `json:"model"`
	Pass  int    `json:"pass"`
	Error string `json:"error"`
	Text  string `json:"text"`
}

// parseAppendix prints every review of the report's appendix. A review
// that does not parse is listed with its error and raw text, reported on
// stderr, and makes the command fail once all are printed.
func parseAppendix(name string, src []byte, env Env) error {
	revs, err := finding.SplitAppendix(src)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	out := make([]any, 0, len(revs))
	var errs []error
	for _, a := range revs {
		label := fmt.Sprintf("%s (%s, pass %d)", name, a.Agent, a.Pass)
		r, err := finding.Parse(label, []byte(a.Text))
		if err != nil {
			errs = append(errs, err)
			out = append(out, appendixFailure{Agent: a.Agent, Model: a.Model, Pass: a.Pass, Error: err.Error(), Text: a.Text})
			continue
		}
		r.Agent, r.Model = a.Agent, a.Model
		out = append(out, appendixReview{Review: r, Pass: a.Pass})
	}
	if err := writeJSON(env.Stdout, out); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// readInput reads FILE, or standard input for "-", relative to env.Dir.
func readInput(arg string, env Env) (string, []byte, error) {
	if arg == "-" {
		src, err := io.ReadAll(env.Stdin)
		if err != nil {
			return "stdin", nil, fmt.Errorf("stdin: %w", err)
		}
		return "stdin", src, nil
	}
	path := arg
	if !filepath.IsAbs(path) && env.Dir != "" {
		path = filepath.Join(env.Dir, path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return arg, nil, err // *PathError names the file
	}
	return arg, src, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
