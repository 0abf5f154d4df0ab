package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/transcript"
)

// runTranscript prints the metrics of one agent transcript. A transcript
// that reports a failed run is not a failure of this command: the failure
// is in the printed error field.
func runTranscript(ctx context.Context, args []string, env Env) error {
	fs := newFlags("transcript", "--agent claude|codex|gemini [--format json|text] FILE", env)
	agent := fs.String("agent", "", "agent CLI that wrote the transcript: "+strings.Join(transcript.Agents(), ", "))
	format := fs.String("format", "json", "output format: json or text")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("transcript: want one FILE (or - for stdin), got %d arguments", len(pos))
	case !slices.Contains(transcript.Agents(), *agent):
		return usagef("transcript: --agent %q: want one of %s", *agent, strings.Join(transcript.Agents(), ", "))
	case *format != "json" && *format != "text":
		return usagef("transcript: --format %q: want json or text", *format)
	}
	m, err := decodeFile(*agent, pos[0], env)
	if err != nil {
		return err
	}
	if *format == "text" {
		return writeSummary(env.Stdout, m)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

func decodeFile(agent, name string, env Env) (transcript.Metrics, error) {
	if name == "-" {
		m, err := transcript.Decode(agent, env.Stdin)
		if err != nil {
			return m, fmt.Errorf("transcript from stdin: %w", err)
		}
		return m, nil
	}
	path := name
	if !filepath.IsAbs(path) && env.Dir != "" {
		path = filepath.Join(env.Dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return transcript.Metrics{}, fmt.Errorf("transcript: %w", err)
	}
	defer f.Close()
	m, err := transcript.Decode(agent, f)
	if err != nil {
		return m, fmt.Errorf("transcript %s: %w", name, err)
	}
	return m, nil
}

// writeSummary prints m for a person: one figure a line.
func writeSummary(w io.Writer, m transcript.Metrics) error {
	t := m.Tokens
	lines := []string{
		"agent:       " + m.Agent,
		"error:       " + orNone(m.Error),
		"duration:    " + notReported(m.DurationMS == 0, (time.Duration(m.DurationMS)*time.Millisecond).String()),
		fmt.Sprintf("turns:       %d", m.Turns),
		fmt.Sprintf("tokens:      input %d, cache read %d, cache write %d, output %d, reasoning %d",
			t.Input, t.CacheRead, t.CacheWrite, t.Output, t.Reasoning),
		"cost:        " + notReported(m.CostUSD == 0, fmt.Sprintf("$%.4f", m.CostUSD)),
		fmt.Sprintf("tool calls:  %d%s", m.ToolCalls.Total, byTool(m.ToolCalls.ByTool)),
		"final text:  " + textSummary(m.FinalText),
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// notReported stands for a figure of 0: codex reports no duration, codex
// and gemini no cost.
func notReported(zero bool, s string) string {
	if zero {
		return "not reported"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// byTool lists tool counts, most used first: " (Bash 39, Read 2)".
func byTool(counts map[string]int) string {
	if len(counts) == 0 {
		return ""
	}
	names := slices.Collect(maps.Keys(counts))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, counts[n])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// textSummary gives the size of the final text and its first line.
func textSummary(s string) string {
	if s == "" {
		return "none"
	}
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(first); len(r) > 72 {
		first = string(r[:72]) + "…"
	}
	lines := strings.Count(strings.TrimRight(s, "\n"), "\n") + 1
	unit := "lines"
	if lines == 1 {
		unit = "line"
	}
	return fmt.Sprintf("%d bytes, %d %s: %q", len(s), lines, unit, first)
}
