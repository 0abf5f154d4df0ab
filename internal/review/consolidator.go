package review

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/snapshot"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Consolidator runs a consolidator agent through the runner, one run per
// call, each with files of its own: OutDir/consolidator-<call>. Calls may
// run at once.
type Consolidator struct {
	Runner *agent.Runner
	Spec   agent.Spec
	// Dir is the agent's working directory: the reviewed tree, shared with
	// the reviewers. Read are further paths it may read.
	Dir      string
	Read     []string
	OutDir   string
	Observer agent.Observer
}

// Consolidate implements consolidate.Consolidator.
func (c *Consolidator) Consolidate(ctx context.Context, call, prompt string, schema []byte) (string, transcript.Metrics, error) {
	name := consolidatorName + "-" + call
	out := filepath.Join(c.OutDir, name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", transcript.Metrics{}, err
	}
	spec := c.Spec
	spec.Name = name
	res := c.Runner.Run(ctx, agent.Job{Spec: spec, Prompt: prompt, Dir: c.Dir, Read: c.Read, OutDir: out, Schema: schema}, c.Observer)
	m := res.Metrics
	m.DurationMS = res.DurationMS
	if err := writeRecord(out, res, ""); err != nil {
		return "", m, err
	}
	if !res.OK() {
		return res.Review, m, errors.New(res.Err)
	}
	return res.Review, m, nil
}

// consolidator returns the consolidator of req, or nil (an untyped nil
// interface, not a nil pointer) to consolidate by code alone.
func consolidator(req Request, deps Deps, rv *store.Review, snap *snapshot.Snapshot) (consolidate.Consolidator, error) {
	if req.Consolidator == nil {
		return nil, nil
	}
	dir, err := agentDir(rv, consolidatorName)
	if err != nil {
		return nil, err
	}
	return &Consolidator{Runner: deps.Runner, Spec: *req.Consolidator, Dir: snap.Tree, Read: snap.Objects,
		OutDir: filepath.Dir(dir), Observer: deps.Observer}, nil
}

// ConsolidatorLabel is the display name of a consolidator agent.
func ConsolidatorLabel(spec *agent.Spec) string {
	if spec == nil {
		return ""
	}
	return report.Label(spec.Name, spec.Model)
}
