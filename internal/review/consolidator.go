package review

import (
	"context"
	"errors"
	"fmt"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/transcript"
	"github.com/deepreview/deepreview/internal/workspace"
)

// agentConsolidator runs the consolidator agent through the runner; each
// attempt (the first and the repair) keeps its own files in the store.
type agentConsolidator struct {
	runner  *agent.Runner
	spec    agent.Spec
	dir     string
	rv      *store.Review
	obs     agent.Observer
	attempt int
}

// Consolidate implements consolidate.Consolidator.
func (c *agentConsolidator) Consolidate(ctx context.Context, prompt string, schema []byte) (string, transcript.Metrics, error) {
	c.attempt++
	name := consolidatorName
	if c.attempt > 1 {
		name = fmt.Sprintf("%s-%d", consolidatorName, c.attempt)
	}
	out, err := agentDir(c.rv, name)
	if err != nil {
		return "", transcript.Metrics{}, err
	}
	spec := c.spec
	spec.Name = name
	res := c.runner.Run(ctx, agent.Job{Spec: spec, Prompt: prompt, Dir: c.dir, OutDir: out, Schema: schema}, c.obs)
	m := res.Metrics
	m.DurationMS = res.DurationMS
	if err := writeRecord(c.rv, name, res); err != nil {
		return "", m, err
	}
	if !res.OK() {
		return res.Review, m, errors.New(res.Err)
	}
	return res.Review, m, nil
}

// consolidator returns the consolidator of req, or nil (an untyped nil
// interface, not a nil pointer) to consolidate by code alone.
func consolidator(req Request, deps Deps, rv *store.Review, wt *workspace.Worktrees) consolidate.Consolidator {
	if req.Consolidator == nil {
		return nil
	}
	return &agentConsolidator{runner: deps.Runner, spec: *req.Consolidator, dir: wt.Path(consolidatorName), rv: rv, obs: deps.Observer}
}

func consolidatorLabel(req Request) string {
	if req.Consolidator == nil {
		return ""
	}
	return report.Label(req.Consolidator.Name, req.Consolidator.Model)
}
