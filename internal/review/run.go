package review

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/prompt"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/round"
	"github.com/deepreview/deepreview/internal/snapshot"
	"github.com/deepreview/deepreview/internal/store"
)

// consolidatorName names the consolidator's files, apart from any
// reviewer.
const consolidatorName = "consolidator"

// run does the work between the stored review's creation and its end.
func run(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review) (*Result, error) {
	deps.stage("snapshot of %.7s", ch.ws.Head)
	snap, whole, err := prepare(ctx, deps, ch)
	if snap != nil {
		defer func() {
			if err := snap.Remove(); err != nil {
				fmt.Fprintf(deps.Log, "deepreview: removing the snapshot: %v\n", err)
			}
		}()
	}
	if err != nil {
		return nil, err
	}
	tree, err := snap.FS()
	if err != nil {
		return nil, err
	}
	hist, err := loadHistory(deps.Store, rv)
	if err != nil {
		return nil, err
	}
	hist.checkChanged(ctx, tree, ch.ws.RepoDir, ch.ws.Head)
	since, err := writeSince(ctx, filepath.Join(snap.Dir, "change"), ch, hist.previousHead())
	if err != nil {
		return nil, err
	}
	text, skill, err := buildPrompt(req, deps, ch, hist, tree, whole, since, rv.Round)
	if err != nil {
		return nil, err
	}
	cons, err := consolidator(req, deps, rv, snap)
	if err != nil {
		return nil, err
	}
	sess, err := consolidate.Start(ctx, consolidate.Input{
		Tree:             snap.Tree,
		ChangedFiles:     changedPaths(ch),
		Consolidator:     cons,
		ConsolidatorName: ConsolidatorLabel(req.Consolidator),
		Notify:           func(s string) { fmt.Fprintf(deps.Log, "deepreview: %s\n", s) },
	}, agentNames(req))
	if err != nil {
		return nil, err
	}
	defer sess.Stop()
	deps.stage("agents")
	results, sources, redacted, err := runAgents(ctx, req, deps, rv, snap, text, whole, sess)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted: %w", err)
	}
	if err := recordChanges(ctx, deps, req, rv, snap, results); err != nil {
		return nil, err
	}
	if err := usable(sources); err != nil {
		return nil, err
	}
	deps.stage("consolidating")
	rep, err := sess.Finish()
	if err != nil {
		return nil, fmt.Errorf("consolidation: %w", err)
	}
	if fb := rep.Consolidation.Fallback; fb != "" {
		fmt.Fprintf(deps.Log, "deepreview: %s\n", fb)
	}
	fill(rep, rv, ch, hist, tree)
	rep.Redactions.Add(redacted)
	rep.Skill = skill
	feedback(rep, ch.threads)
	rep.Notices = append(rep.Notices, ch.ws.Notices...)
	rep.Sandbox = deps.Runner.Confine.Describe()
	rep.WallClockMS = deps.Now().Sub(firstLaunch(results, rv.Started)).Milliseconds()
	return finish(ctx, req, deps, ch, rv, rep, tree, whole.Diff)
}

// prepare makes the snapshot every agent reviews and writes the whole
// change beside it, both at once. Confined agents get the files the
// user's working tree holds unchanged as links (they cannot write them);
// unconfined ones get copies, made read-only.
func prepare(ctx context.Context, deps Deps, ch *change) (*snapshot.Snapshot, prompt.Whole, error) {
	snap, err := snapshot.New("")
	if err != nil {
		return nil, prompt.Whole{}, err
	}
	confined := deps.Runner.Confine.Active()
	var whole prompt.Whole
	var wholeErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		whole, wholeErr = writeChange(ctx, filepath.Join(snap.Dir, "change"), ch)
	}()
	err = snap.Checkout(ctx, snapshot.Options{RepoDir: ch.ws.RepoDir, Base: ch.ws.Base, Head: ch.ws.Head, Link: confined})
	<-done
	if err == nil && !confined {
		// No sandbox: read-only files are all that stands between an
		// agent and the tree it reviews (root excepted).
		err = snap.Protect()
	}
	return snap, whole, errors.Join(err, wholeErr)
}

// recordChanges checks the shared tree for changes after the agents ran:
// confinement makes it read-only, and a report must not rest on a tree an
// agent edited. The tree is shared, so a change is charged to every
// agent: said on stderr and kept in every agent's metrics.
func recordChanges(ctx context.Context, deps Deps, req Request, rv *store.Review, snap *snapshot.Snapshot, results []agent.Result) error {
	c, err := snap.Changes(ctx)
	if err != nil {
		c = "unknown: " + err.Error()
	}
	if c == "" {
		return nil
	}
	fmt.Fprintf(deps.Log, "deepreview: the reviewed tree changed while the agents ran:\n%s\n", c)
	for i, res := range results {
		dir, err := agentDir(rv, req.Agents[i].Name)
		if err != nil {
			return err
		}
		if err := writeRecord(dir, res, c); err != nil {
			return err
		}
	}
	return nil
}

func agentNames(req Request) []string {
	names := make([]string, len(req.Agents))
	for i, a := range req.Agents {
		names[i] = a.Name
	}
	return names
}

// runAgents runs every agent at once, each in the shared tree with a
// scratch folder of its own. As each ends, its record is stored and its
// review parsed and handed to the consolidation, which starts on it while
// the others still run.
func runAgents(ctx context.Context, req Request, deps Deps, rv *store.Review, snap *snapshot.Snapshot, prompt string, whole prompt.Whole, sess *consolidate.Session) ([]agent.Result, []consolidate.Source, redact.Counts, error) {
	jobs := make([]agent.Job, len(req.Agents))
	for i, spec := range req.Agents {
		out, err := agentDir(rv, spec.Name)
		if err != nil {
			return nil, nil, redact.Counts{}, err
		}
		scratch, err := snap.Scratch(spec.Name)
		if err != nil {
			return nil, nil, redact.Counts{}, err
		}
		text := prompt
		if spec.Kind == agent.Gemini {
			text += diffSection(whole)
		}
		jobs[i] = agent.Job{Spec: spec, Prompt: text, Dir: snap.Tree, Read: snap.Objects, AddDirs: []string{whole.Dir},
			Scratch: scratch, OutDir: out}
	}
	results := make([]agent.Result, len(jobs))
	sources := make([]consolidate.Source, len(jobs))
	counts := make([]redact.Counts, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() {
			results[i] = deps.Runner.Run(ctx, job, deps.Observer)
			counts[i] = redactResult(deps.Redact, &results[i])
			sources[i], errs[i] = source(job.Spec, rv, results[i], "")
			if errs[i] == nil {
				errs[i] = sess.Add(sources[i])
			}
		})
	}
	wg.Wait()
	var total redact.Counts
	for _, c := range counts {
		total.Add(c)
	}
	return results, sources, total, errors.Join(errs...)
}

// redactResult removes secrets from what an agent wrote (its review, its
// error, the tail of its stderr) before any of it is stored or parsed. All
// of it is also in the transcript or stderr, which the runner redacted as
// they streamed and counted: those counts are the agent's.
func redactResult(rd *redact.Redactor, res *agent.Result) redact.Counts {
	for _, s := range []*string{&res.Review, &res.Metrics.FinalText, &res.Err, &res.StderrTail, &res.Metrics.Error} {
		*s, _ = rd.String(*s)
	}
	return res.Redactions
}

// agentDir is the store folder of one agent's files.
func agentDir(rv *store.Review, name string) (string, error) {
	p, err := rv.AgentFile(name, agent.PromptFile)
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// firstLaunch is when the first agent started: the wall clock of the
// report runs from there.
func firstLaunch(results []agent.Result, fallback time.Time) time.Time {
	first := time.Time{}
	for _, r := range results {
		if !r.Started.IsZero() && (first.IsZero() || r.Started.Before(first)) {
			first = r.Started
		}
	}
	if first.IsZero() {
		return fallback
	}
	return first
}

func changedPaths(ch *change) []string {
	paths := make([]string, 0, len(ch.ws.Files))
	for _, f := range ch.ws.Files {
		paths = append(paths, f.Path)
	}
	return paths
}

// errAllFailed is returned when no agent produced a review: a report
// would say "Merge as-is" on no evidence.
var errAllFailed = errors.New("every agent failed")

// fill sets what consolidation leaves to the caller: the round, and what
// became of the earlier rounds' findings and declines.
func fill(rep *report.Report, rv *store.Review, ch *change, h *history, tree fs.FS) {
	rep.ID, rep.Round, rep.Date, rep.Change = rv.ID, rv.Round, rv.Started, ch.report
	round.Stamp(rep.Findings, tree)
	h.applyDeclines(rep)
	if h.prev == nil {
		return
	}
	rep.Previous = round.Compare(h.prev.Findings, rep.Findings, tree)
	round.Verify(rep.Previous, rep.Appendix)
	h.settlePrevious(rep.Previous)
}

// feedback puts the pull request's human review threads into the report,
// beside what the agents judged of them.
func feedback(rep *report.Report, threads []forge.Thread) {
	if threads == nil {
		return
	}
	if rep.UnresolvedFeedback == nil {
		rep.UnresolvedFeedback = &report.Feedback{}
	}
	rep.UnresolvedFeedback.Threads = make([]report.Thread, len(threads))
	for i, t := range threads {
		rep.UnresolvedFeedback.Threads[i] = report.Thread{ID: t.ID, Author: t.Author, Path: t.Path, Line: t.Line,
			Outdated: t.Outdated, Resolved: t.Resolved, Review: reviewState(t), Body: t.Body, Replies: t.Replies, URL: t.URL}
	}
}
