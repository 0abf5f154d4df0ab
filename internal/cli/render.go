package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/htmlreport"
	"github.com/deepreview/deepreview/internal/report"
)

// renderer is the printer of an output format, nil for an unknown one.
func renderer(format string) func(io.Writer, *report.Report) error {
	switch format {
	case "md":
		return report.Markdown
	case "json":
		return report.JSON
	case "sarif":
		return report.SARIF
	case "rdjsonl":
		return report.RDJSONL
	case "html":
		return htmlreport.Page
	}
	return nil
}

// runRender prints a stored report.json in any output format.
func runRender(ctx context.Context, args []string, env Env) error {
	fs := newFlags("render", "[--format md|json|sarif|rdjsonl|html] REPORT.json (- for stdin)", env)
	format := fs.String("format", "md", "output `format`: md, json, sarif, rdjsonl or html")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("render: want one REPORT.json (or - for stdin), got %d arguments", len(pos))
	}
	print := renderer(*format)
	if print == nil {
		return usagef("render: unknown format %q: want md, json, sarif, rdjsonl or html", *format)
	}
	r, err := readReportFile(pos[0], env)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	if err := print(w, r); err != nil {
		return err
	}
	return w.Flush()
}

// readReportFile reads a report.json from a file, relative to env.Dir, or
// from stdin for "-". Its errors name the file.
func readReportFile(name string, env Env) (*report.Report, error) {
	if name == "-" {
		r, err := report.ReadJSON(env.Stdin)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return r, nil
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(env.Dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}
