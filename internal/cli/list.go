package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/safetext"
	"github.com/deepreview/deepreview/internal/store"
)

const listUsage = `[TARGET] [--all] [--format table|json]

TARGET is a pull request: a URL, owner/name#N, #N or N (#N and N are pull
requests of the current repository's GitHub origin). Without TARGET, the
reviews of the current repository; with --all, every stored review.
Newest first.
`

// runList prints the stored reviews of a target, newest first.
func runList(ctx context.Context, args []string, env Env) error {
	fs := newFlags("list", listUsage, env)
	all := fs.Bool("all", false, "list every stored review")
	format := fs.String("format", "table", "output `format`: table or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 1:
		return usagef("list: want at most one TARGET, got %d arguments", len(pos))
	case *all && len(pos) == 1:
		return usagef("list: --all lists every review; drop it or the TARGET %q", pos[0])
	case *format != "table" && *format != "json":
		return usagef("list: unknown format %q: want table or json", *format)
	}
	var key store.Key
	if !*all {
		if key, err = storeKeyOf(ctx, env, strings.Join(pos, "")); err != nil {
			return err
		}
	}
	s, err := envStore(env)
	if err != nil {
		return err
	}
	entries, err := s.List(key)
	if err != nil {
		return err
	}
	slices.Reverse(entries) // newest first, as gh lists
	if *format == "json" {
		if entries == nil {
			entries = []store.Entry{}
		}
		return writeJSON(env.Stdout, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintf(env.Stderr, "no reviews stored for %s in %s\n", keyLabel(key), s.Dir())
		return nil
	}
	return writeList(env, entries)
}

// writeList prints entries as a table with aligned columns.
func writeList(env Env, entries []store.Entry) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tCHANGE\tROUND\tVERDICT\tTIME\tAGENTS")
	for _, e := range entries {
		// A branch name is the change author's text: no escape sequence
		// reaches the terminal.
		change, round := safetext.Terminal(e.Change()), fmt.Sprint(e.Round)
		if e.Round == 0 && e.Attempt > 0 {
			round = fmt.Sprintf("(%d)", e.Attempt) // an attempt, not a round
		}
		if e.Repo == "" { // unreadable: nothing but its id is known
			change, round = "—", "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, listDate(e.Started), change, round,
			listState(e, envNow(env)), report.Short(e.WallClockMS), orDash(strings.Join(e.Agents, ",")))
	}
	return tw.Flush()
}

func listDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// listState is the verdict of a finished review, else its state: how long
// a running one has run (a review killed mid-way stays "running" forever,
// so the age tells) and why a failed one failed.
func listState(e store.Entry, now time.Time) string {
	switch e.State {
	case store.Done:
		return orDash(e.Verdict)
	case store.Running:
		if ms := now.Sub(e.Started).Milliseconds(); !e.Started.IsZero() && ms > 0 {
			return "running for " + report.Short(ms)
		}
		return "running"
	}
	if e.Error == "" {
		return e.State
	}
	return e.State + ": " + oneLine(e.Error, 60)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
