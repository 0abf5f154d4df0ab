package review

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/round"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/workspace"
)

// consolidatorName names the consolidator's worktree and files, apart
// from any reviewer.
const consolidatorName = "consolidator"

// run does the work between the stored review's creation and its end.
func run(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review) (*Result, error) {
	wt, err := workspace.NewWorktrees(ctx, ch.ws.RepoDir, ch.ws.Head, worktreeNames(req))
	if err != nil {
		return nil, err
	}
	defer func() {
		if err := wt.Remove(); err != nil {
			fmt.Fprintf(deps.Log, "deepreview: removing worktrees: %v\n", err)
		}
	}()
	// Read-only files on top of the agents' read-only modes: an agent that
	// tries to edit the code it reviews fails instead (root excepted).
	if err := wt.Protect(); err != nil {
		return nil, err
	}
	prev, err := deps.Store.Previous(rv)
	if err != nil {
		return nil, fmt.Errorf("previous round: %w", err)
	}
	text, err := buildPrompt(ctx, req, deps, ch, prev, wt.Path(req.Agents[0].Name))
	if err != nil {
		return nil, err
	}
	results, err := runAgents(ctx, req, deps, ch, rv, wt, text)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		keepRecords(req, rv, results)
		return nil, fmt.Errorf("interrupted: %w", err)
	}
	sources, err := collect(req, rv, results, worktreeChanges(ctx, deps, req, wt))
	if err != nil {
		return nil, err
	}
	tree := wt.Path(req.Agents[0].Name)
	cons, err := consolidator(req, deps, rv, wt)
	if err != nil {
		return nil, err
	}
	rep, err := consolidate.Consolidate(ctx, consolidate.Input{
		Reviews:          sources,
		Tree:             tree,
		ChangedFiles:     changedPaths(ch),
		Consolidator:     cons,
		ConsolidatorName: ConsolidatorLabel(req.Consolidator),
	})
	if err != nil {
		return nil, fmt.Errorf("consolidation: %w", err)
	}
	fill(rep, rv, ch, prev, os.DirFS(tree))
	rep.WallClockMS = deps.Now().Sub(firstLaunch(results, rv.Started)).Milliseconds()
	return finish(ctx, req, deps, ch, rv, rep)
}

// keepRecords stores what the agents of an interrupted review produced,
// beside the transcripts the runner already wrote.
func keepRecords(req Request, rv *store.Review, results []agent.Result) {
	for i, res := range results {
		if dir, err := agentDir(rv, req.Agents[i].Name); err == nil {
			_ = writeRecord(dir, res, "")
		}
	}
}

// worktreeChanges checks each agent's worktree for changes: the agents
// promise read-only modes, and a report must not rest on a tree an agent
// edited. A change is reported on stderr and kept in the agent's metrics.
func worktreeChanges(ctx context.Context, deps Deps, req Request, wt *workspace.Worktrees) []string {
	changes := make([]string, len(req.Agents))
	for i, a := range req.Agents {
		c, err := wt.Changes(ctx, a.Name)
		if err != nil {
			c = "unknown: " + err.Error()
		}
		if c != "" {
			fmt.Fprintf(deps.Log, "deepreview: agent %s changed its worktree despite its read-only mode:\n%s\n", a.Name, c)
		}
		changes[i] = c
	}
	return changes
}

func worktreeNames(req Request) []string {
	names := make([]string, 0, len(req.Agents)+1)
	for _, a := range req.Agents {
		names = append(names, a.Name)
	}
	if req.Consolidator != nil {
		names = append(names, consolidatorName)
	}
	return names
}

// runAgents writes each agent's prompt and runs them all at once.
func runAgents(ctx context.Context, req Request, deps Deps, ch *change, rv *store.Review, wt *workspace.Worktrees, prompt string) ([]agent.Result, error) {
	jobs := make([]agent.Job, len(req.Agents))
	for i, spec := range req.Agents {
		out, err := agentDir(rv, spec.Name)
		if err != nil {
			return nil, err
		}
		text := prompt
		if spec.Kind == agent.Gemini {
			text += diffSection(ctx, ch)
		}
		jobs[i] = agent.Job{Spec: spec, Prompt: text, Dir: wt.Path(spec.Name), OutDir: out}
	}
	return deps.Runner.RunAll(ctx, jobs, deps.Observer), nil
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

// fillReport sets what consolidation leaves to the caller.
func fill(rep *report.Report, rv *store.Review, ch *change, prev *report.Report, tree fs.FS) {
	rep.ID, rep.Round, rep.Date, rep.Change = rv.ID, rv.Round, rv.Started, ch.report
	if prev == nil {
		round.Stamp(rep.Findings, tree)
		return
	}
	rep.Previous = round.Compare(prev.Findings, rep.Findings, tree)
}
