package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

const resolveUsage = `[ID|latest] [--finding ID=ACTION[:DETAIL]... | --file FILE | --all]

Records what you did about each finding of a review: ACTION is fixed,
test-written, documentation-updated, commented or skipped. DETAIL is the
commits for fixed, test-written and documentation-updated (comma-separated)
and the reason for commented and skipped. A skip needs a reason: it is a
decline, which later rounds carry and do not raise again unless the code
it cites changes. --file reads {"findings": {"I1": {"action": "fixed",
"commits": ["abc123"]}, ...}}. Entries add to (and replace) what was
recorded before; the next round's agents are told them.

With neither --finding nor --file, on a terminal, it asks about each
finding that has no resolution yet (--all: every finding), showing its
id, severity, title and location. Answer with a letter and Enter:
f fixed, t test written, d documentation updated, c commented,
s skipped, n next (leave it), q quit. Fixed, test and documentation then
ask for the commits (Enter takes the commits since the review's head);
commented and skipped ask for the reason, which they need ("<" goes back
to the action). Each answer is stored when given: q, Ctrl-D or Ctrl-C
stops and keeps them. Without a terminal it never asks: pass --finding
or --file.
`

// findingFlags collects repeated --finding values.
type findingFlags []string

func (f *findingFlags) String() string     { return strings.Join(*f, " ") }
func (f *findingFlags) Set(v string) error { *f = append(*f, v); return nil }

// runResolve stores the author's resolution of a review's findings: from
// the flags or a file, else by asking on the terminal (resolve_ask.go).
func runResolve(ctx context.Context, args []string, env Env) error {
	fs := newFlags("resolve", resolveUsage, env)
	var items findingFlags
	fs.Var(&items, "finding", "`ID=ACTION[:DETAIL]`, e.g. I1=fixed:abc123 or S2=skipped:\"out of scope\" (repeatable)")
	file := fs.String("file", "", "read the resolution from a JSON `file`")
	all := fs.Bool("all", false, "on a terminal, ask about every finding, also those already resolved")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("resolve: want at most one review ID, got %d arguments", len(pos))
	}
	given := len(items) > 0 || *file != ""
	switch {
	case given && *all:
		return usagef("resolve: --all is for answering on a terminal, not with --finding or --file")
	case !given && !onTerminal(env):
		// A script must never wait for answers nobody will type.
		return usagef("resolve: say what was done with --finding ID=ACTION[:DETAIL] or --file FILE (only a terminal is asked)")
	}
	var add map[string]report.Resolved
	if given {
		if add, err = resolutionInput(items, *file); err != nil {
			return err
		}
	}
	s, err := envStore(env)
	if err != nil {
		return err
	}
	r, err := pickReview(ctx, env, s, pos)
	if err != nil {
		return err
	}
	if !given {
		return resolveOnTerminal(ctx, env, r, *all)
	}
	return recordResolution(ctx, env, r, add)
}

// pickReview is the review named by pos, or the newest of the current
// branch.
func pickReview(ctx context.Context, env Env, s *store.Store, pos []string) (*store.Review, error) {
	if len(pos) == 0 || pos[0] == "latest" {
		return latestReview(ctx, env, s)
	}
	return s.Get(pos[0])
}

// recordResolution stores add (saveResolution) and says what it stored.
func recordResolution(ctx context.Context, env Env, r *store.Review, add map[string]report.Resolved) error {
	if err := saveResolution(ctx, env, r, add); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(add)) {
		fmt.Fprintf(env.Stderr, "deepreview: %s %s: %s\n", r.ID, id, describeResolved(add[id]))
	}
	return nil
}

// saveResolution checks add against the review's findings and stores it
// merged into what was recorded before. Flags, file and terminal answers
// all pass here: one rule for what may be stored.
func saveResolution(ctx context.Context, env Env, r *store.Review, add map[string]report.Resolved) error {
	rep, err := doneReport(r)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, f := range rep.Findings {
		known[f.ID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(add)) {
		if !known[id] {
			return usagef("resolve: review %s has no finding %s (it has %s)", r.ID, id, strings.Join(slices.Sorted(maps.Keys(known)), ", "))
		}
		if err := checkResolved(id, add[id]); err != nil {
			return usagef("resolve: %v", err)
		}
	}
	return r.UpdateResolution(ctx, func(res *report.Resolution) error {
		res.Date = envNow(env)
		maps.Copy(res.Findings, add)
		return nil
	})
}

// doneReport is the report of r, which must be finished.
func doneReport(r *store.Review) (*report.Report, error) {
	if r.State != store.Done {
		return nil, fmt.Errorf("review %s is %s: only a finished review has findings to resolve", r.ID, r.State)
	}
	return r.Report()
}

func describeResolved(x report.Resolved) string {
	s := x.Action
	if len(x.Commits) > 0 {
		s += " in " + strings.Join(x.Commits, ", ")
	}
	if x.Reason != "" {
		s += ": " + x.Reason
	}
	return s
}

// resolutionInput reads the flags' and the file's entries, checked.
func resolutionInput(items []string, file string) (map[string]report.Resolved, error) {
	out := map[string]report.Resolved{}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var in report.Resolution
		if err := json.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("resolve: %s: %w", file, err)
		}
		for id, x := range in.Findings {
			if err := checkResolved(id, x); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			out[strings.ToUpper(id)] = x
		}
	}
	for _, it := range items {
		id, x, err := parseResolved(it)
		if err != nil {
			return nil, usagef("resolve: --finding %q: %v", it, err)
		}
		out[id] = x
	}
	return out, nil
}

// parseResolved reads ID=ACTION[:DETAIL].
func parseResolved(s string) (string, report.Resolved, error) {
	id, rest, ok := strings.Cut(s, "=")
	if !ok {
		return "", report.Resolved{}, fmt.Errorf("want ID=ACTION[:DETAIL]")
	}
	action, detail, _ := strings.Cut(rest, ":")
	x := report.Resolved{Action: strings.ToLower(strings.TrimSpace(action))}
	detail = strings.TrimSpace(detail)
	switch x.Action {
	case report.ActionFixed, report.ActionTestWritten, report.ActionDocsUpdated:
		for _, c := range strings.Split(detail, ",") {
			if c = strings.TrimSpace(c); c != "" {
				x.Commits = append(x.Commits, c)
			}
		}
	default:
		x.Reason = detail
	}
	id = strings.ToUpper(strings.TrimSpace(id))
	return id, x, checkResolved(id, x)
}

func checkResolved(id string, x report.Resolved) error {
	if id == "" {
		return fmt.Errorf("no finding id")
	}
	if !slices.Contains(report.Actions, x.Action) {
		return fmt.Errorf("finding %s: action %q: want one of %s", id, x.Action, strings.Join(report.Actions, ", "))
	}
	if x.Action == report.ActionSkipped && strings.TrimSpace(x.Reason) == "" {
		return fmt.Errorf("finding %s: a skip needs a reason (%s=skipped:\"why\")", id, id)
	}
	for _, c := range x.Commits {
		if !isHex(c) {
			return fmt.Errorf("finding %s: commit %q is not a SHA", id, c)
		}
	}
	return nil
}

func isHex(s string) bool {
	if len(s) < 4 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}
