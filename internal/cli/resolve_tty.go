package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
	"golang.org/x/term"
)

// This file wires the questions of resolve_ask.go to the terminal and
// the store.

// maxOfferedCommits bounds the commits since the review offered as the
// default answer: more than this are a branch's history, not a fix.
const maxOfferedCommits = 10

// onTerminal reports whether the user can be asked: stdin and stdout
// are both terminals. A pipe or a file never is, so a script without
// --finding or --file gets an error rather than a wait.
func onTerminal(env Env) bool {
	in, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	out, ok := env.Stdout.(*os.File)
	return ok && term.IsTerminal(int(out.Fd()))
}

// resolveOnTerminal asks about each finding of r without a resolution
// (all: every finding), stores each answer when given, and ends with a
// line saying what was recorded.
func resolveOnTerminal(ctx context.Context, env Env, r *store.Review, all bool) error {
	rep, err := doneReport(r)
	if err != nil {
		return err
	}
	res, err := r.Resolution()
	if err != nil {
		return err
	}
	items := askItems(rep, res, all)
	w := env.Stdout
	fmt.Fprintf(w, "review %s of %s: %d findings, %d without a resolution\n",
		r.ID, termLine(r.Change()), len(rep.Findings), unresolved(rep, res))
	if len(items) == 0 {
		fmt.Fprintln(w, "deepreview: nothing to ask (--all asks about the findings already resolved)")
		return nil
	}
	fmt.Fprintln(w, "Answer with a letter and Enter; q or Ctrl-D stops, keeping what you answered.")
	save := func(id string, x report.Resolved) error {
		return saveResolution(ctx, env, r, map[string]report.Resolved{id: x})
	}
	answers, _, err := askResolutions(ctx, env.Stdin, w, items, commitsSince(ctx, env.Dir, r.Head), save)
	if now, rerr := r.Resolution(); rerr == nil {
		res = now
	}
	fmt.Fprintln(w, resolveSummary(r.ID, answers, unresolved(rep, res)))
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("resolve: interrupted: %w", err)
	}
	return err
}

// askItems are the findings of rep to ask about, in the report's order:
// those without a resolution in res, or every one.
func askItems(rep *report.Report, res *report.Resolution, all bool) []askItem {
	var items []askItem
	for _, f := range rep.Findings {
		var had *report.Resolved
		if res != nil {
			if x, ok := res.Findings[f.ID]; ok {
				had = &x
			}
		}
		if had == nil || all {
			items = append(items, askItem{Finding: f, Had: had})
		}
	}
	return items
}

// unresolved counts rep's findings without an entry in res.
func unresolved(rep *report.Report, res *report.Resolution) int {
	n := 0
	for _, f := range rep.Findings {
		if res == nil {
			n++
		} else if _, ok := res.Findings[f.ID]; !ok {
			n++
		}
	}
	return n
}

// resolveSummary is the closing line: how many answers were recorded, by
// action, and how many findings still have none.
func resolveSummary(id string, answers map[string]report.Resolved, left int) string {
	counts := map[string]int{}
	for _, x := range answers {
		counts[x.Action]++
	}
	var parts []string
	for _, a := range report.Actions {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[a], a))
		}
	}
	s := "deepreview: nothing recorded for " + id
	if len(answers) > 0 {
		s = fmt.Sprintf("deepreview: recorded %d for %s (%s)", len(answers), id, strings.Join(parts, ", "))
	}
	switch left {
	case 0:
		return s + "; every finding has a resolution"
	case 1:
		return s + "; 1 finding has none yet"
	}
	return fmt.Sprintf("%s; %d findings have none yet", s, left)
}

// commitsSince lists the commits from the review's head to HEAD in dir,
// oldest first and abbreviated: the likely answer to "which commits fixed
// it". None when head is no SHA, dir does not know it, or there are more
// than maxOfferedCommits.
func commitsSince(ctx context.Context, dir, head string) []string {
	if !isHex(head) {
		return nil
	}
	out, err := gitcmd.Run(ctx, dir, "rev-list", "--reverse", "--abbrev-commit", head+"..HEAD")
	if err != nil {
		return nil
	}
	cs := strings.Fields(out)
	if len(cs) > maxOfferedCommits {
		return nil
	}
	return cs
}
