package review

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Files of one agent in the store, beside the runner's prompt, transcript
// and stderr.
const (
	ReviewFile  = "review.md"
	MetricsFile = "metrics.json"
)

// runRecord is an agent's metrics.json: the transcript's figures and the
// runner's own.
type runRecord struct {
	transcript.Metrics
	WallClockMS int64  `json:"wall_clock_ms"`
	ExitCode    int    `json:"exit_code"`
	Failure     string `json:"failure,omitempty"`
	StderrTail  string `json:"stderr_tail,omitempty"`
	// WorktreeChanges is what the agent changed in its worktree despite
	// its read-only mode (git status --porcelain); empty when nothing.
	WorktreeChanges string `json:"worktree_changes,omitempty"`
}

// usable checks that at least one agent produced a review: a report
// would say "Merge as-is" on no evidence.
func usable(sources []consolidate.Source) error {
	for _, s := range sources {
		if s.Err == "" {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", errAllFailed, failures(sources))
}

// source stores an agent's review text and metrics and parses the review.
// An agent that failed, or whose review does not parse, is kept with the
// reason: it shows in the retro and the appendix.
func source(spec agent.Spec, rv *store.Review, res agent.Result, changes string) (consolidate.Source, error) {
	m := res.Metrics
	m.DurationMS = res.DurationMS // the retro's duration is launch to exit
	src := consolidate.Source{Name: spec.Name, Model: modelLabel(spec, res.Metrics.Model), Raw: res.Review, Metrics: &m, Err: res.Err}
	// A store that cannot be written loses the record, not the review.
	dir, err := agentDir(rv, spec.Name)
	if err == nil {
		err = writeRecord(dir, res, changes)
	}
	if err != nil {
		rv.NotStored("agents/"+spec.Name, err)
	}
	if src.Err != "" {
		return src, nil
	}
	parsed, err := finding.Parse(spec.Name, []byte(res.Review))
	if err != nil {
		src.Err = err.Error()
		return src, nil
	}
	parsed.Agent = spec.Name
	src.Review = parsed
	return src, nil
}

// writeRecord writes an agent's metrics.json and review.md into its
// folder, beside the runner's prompt, transcript and stderr.
func writeRecord(dir string, res agent.Result, changes string) error {
	rec := runRecord{Metrics: res.Metrics, WallClockMS: res.DurationMS, ExitCode: res.ExitCode, Failure: res.Err,
		StderrTail: res.StderrTail, WorktreeChanges: changes}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := store.WriteFile(filepath.Join(dir, MetricsFile), append(data, '\n')); err != nil {
		return err
	}
	if res.Review == "" {
		return nil
	}
	return store.WriteFile(filepath.Join(dir, ReviewFile), []byte(res.Review))
}

func failures(sources []consolidate.Source) string {
	s := ""
	for _, src := range sources {
		if s != "" {
			s += "; "
		}
		s += src.Name + ": " + src.Err
	}
	return s
}

// modelLabel is the display name of an agent ("Claude Opus 4.6") from its
// configured model, else the model its transcript names; empty when
// neither is known, so that consolidation falls back to the model the
// review names, else the agent's name.
func modelLabel(spec agent.Spec, transcriptModel string) string {
	model := spec.Model
	if model == "" {
		model = transcriptModel
	}
	if model == "" {
		return ""
	}
	return report.Label(spec.Name, model)
}
