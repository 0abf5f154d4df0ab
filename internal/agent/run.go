package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Files written in a Job's OutDir.
const (
	PromptFile     = "prompt.md"
	SchemaFile     = "schema.json"
	TranscriptFile = "transcript.jsonl" // stdout; a command agent's review
	StderrFile     = "stderr.txt"
)

// stderrTail is how much of the end of stderr a Result keeps.
const stderrTail = 4 << 10

// Job is one agent run.
type Job struct {
	Spec   Spec
	Prompt string
	// Dir is the agent's working directory: the reviewed tree. Confined
	// agents may read it.
	Dir string
	// Read are further paths a confined agent may read (the git objects
	// the tree borrows).
	Read []string
	// AddDirs are folders outside Dir that the agent's file tools must
	// reach (the whole change's diff and index); readable when confined.
	AddDirs []string
	// Scratch is the agent's private folder, its home and TMPDIR, the one
	// place a confined agent may write. "" means a temporary folder the
	// runner makes and removes.
	Scratch string
	// OutDir receives the prompt, the transcript and stderr. Agents never
	// see it: their stdin and stdout are handed over as open files.
	OutDir string
	// Schema, if set, is the JSON schema the answer must follow.
	Schema []byte
}

// Result is what became of one Job. Failures are recorded, not returned.
type Result struct {
	Name    string
	Kind    string
	Metrics transcript.Metrics
	// Review is the agent's final text.
	Review         string
	Started, Ended time.Time
	// DurationMS is the measured wall clock from launch to exit.
	DurationMS int64
	ExitCode   int
	// PID is the process (and process group) id; 0 if never started.
	PID int
	// Err says why the run failed ("timeout after 10m0s", "exit status 1",
	// "killed by signal 9 (killed)", the transcript's error, "no review
	// text"); empty on success.
	Err        string
	StderrTail string
	// Redactions counts the secrets removed from the stored transcript
	// and stderr.
	Redactions     redact.Counts
	TranscriptPath string
	StderrPath     string
}

// OK reports whether the agent produced a review without failing.
func (r *Result) OK() bool { return r.Err == "" }

// Runner runs jobs with environments built from one parent environment.
type Runner struct {
	// Environ is the parent environment (os.Environ form) that each
	// agent's minimal environment is filtered from.
	Environ []string
	// Secrets names variables never passed to agents, on top of the forge
	// tokens (GH_TOKEN, GITHUB_TOKEN, …) that never are.
	Secrets []string
	// Grace is the time between SIGTERM and SIGKILL; 0 means proc's default.
	Grace time.Duration
	// Confine says whether and how agents are sandboxed.
	Confine Confinement
	// Redact removes secrets from the transcript and stderr files as they
	// are written; nil still removes private keys and known token formats.
	Redact *redact.Redactor
	// Limits apply to every agent whose Spec does not set its own; zero
	// fields are DefaultLimits.
	Limits Limits
}

// RunAll runs every job at once and returns their results in job order
// once all have ended. Cancelling ctx stops them all.
func (r *Runner) RunAll(ctx context.Context, jobs []Job, obs Observer) []Result {
	results := make([]Result, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		if dup := sameOutDir(jobs[:i], job.OutDir); dup != "" {
			results[i] = failed(job, fmt.Errorf("agent %s: out dir %s already used by %s", job.Spec.Name, job.OutDir, dup))
			obs.send(Event{Kind: Finished, Agent: job.Spec.Name, Time: time.Now(), Result: &results[i]})
			continue
		}
		wg.Go(func() { results[i] = r.Run(ctx, job, obs) })
	}
	wg.Wait()
	return results
}

func sameOutDir(jobs []Job, dir string) string {
	for _, j := range jobs {
		if filepath.Clean(j.OutDir) == filepath.Clean(dir) {
			return j.Spec.Name
		}
	}
	return ""
}

// Env returns the environment an agent of spec s gets.
func (r *Runner) Env(s Spec) []string {
	return proc.Environ(r.Environ, proc.EnvPolicy{Prefixes: envPrefixes(s.Kind), Secrets: r.Secrets, Extra: s.Env})
}

// Run runs one job and records how it went.
func (r *Runner) Run(ctx context.Context, job Job, obs Observer) Result {
	res := failed(job, nil)
	l, err := r.launch(job)
	if err == nil {
		defer l.close()
		err = l.run(ctx, &res, obs)
	}
	if err != nil {
		res = failed(job, err)
		now := time.Now()
		res.Started, res.Ended = now, now
	}
	obs.send(Event{Kind: Finished, Agent: job.Spec.Name, Time: res.Ended, Tools: res.Metrics.ToolCalls.Total, Result: &res})
	return res
}

// failed is the Result of a job that could not run, for reason err.
func failed(job Job, err error) Result {
	res := Result{
		Name: job.Spec.Name, Kind: job.Spec.Kind, ExitCode: -1,
		TranscriptPath: filepath.Join(job.OutDir, TranscriptFile),
		StderrPath:     filepath.Join(job.OutDir, StderrFile),
	}
	if err != nil {
		res.Err = err.Error()
	}
	return res
}

// reason says why a finished run failed, or "" if it did not.
func reason(exit *proc.Exit, m transcript.Metrics, text string, dropped, lineLimit int, cut int64) string {
	var why []string
	if r := exit.Reason(); r != "" {
		why = append(why, r)
	}
	if m.Error != "" && !(len(why) > 0 && transcript.Incomplete(m)) {
		why = append(why, m.Error)
	}
	if len(why) == 0 && cut > 0 {
		why = append(why, fmt.Sprintf("review text truncated at %d bytes (the review limit): not used", cut))
	}
	if len(why) == 0 && strings.TrimSpace(text) == "" {
		why = append(why, "no review text")
		if dropped > 0 {
			why = append(why, fmt.Sprintf("%d transcript lines over %d bytes skipped", dropped, lineLimit))
		}
	}
	return strings.Join(why, ": ")
}

// writeFile writes b to name in dir, the prompt or schema an agent gets.
func writeFile(dir, name string, b []byte) (string, error) {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		return "", err
	}
	return p, nil
}
