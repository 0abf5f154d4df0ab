package agent

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/sandbox"
	"github.com/deepreview/deepreview/internal/transcript"
)

// launch is one job made ready to start: its files open, its command
// line and environment built, its transcript decoder chosen.
type launch struct {
	job    Job
	argv   []string
	env    []string
	grace  time.Duration
	files  []*os.File
	stdin  *os.File
	stdout *tee
	stderr *tee
	dec    transcript.Decoder // nil for a command agent
	tools  int
	once   sync.Once // the Started event
	// tempScratch is a scratch folder the runner made; removed after.
	tempScratch string
	// redact and redacting: the transcript and stderr files are redacted
	// as they are written.
	redact    *redact.Redactor
	redacting []*redact.Writer
	limits    Limits
	review    *head // a command agent's stdout, its review
}

func (r *Runner) launch(job Job) (*launch, error) {
	s := job.Spec
	if err := s.Validate(); err != nil {
		return nil, err
	}
	out, err := filepath.Abs(job.OutDir)
	if err == nil {
		err = os.MkdirAll(out, 0o700)
	}
	if err != nil {
		return nil, fmt.Errorf("agent %s: out dir: %w", s.Name, err)
	}
	l := &launch{job: job, grace: r.Grace, limits: r.limits(s), redact: r.Redact}
	if err := l.prepare(r, out); err != nil {
		l.cleanup()
		return nil, fmt.Errorf("agent %s: %w", s.Name, err)
	}
	if s.Kind != Command {
		if l.dec, err = transcript.NewLimitedDecoder(s.Kind, int(l.limits.Review)); err != nil {
			return nil, fmt.Errorf("agent %s: %w", s.Name, err)
		}
	}
	if err := l.open(out); err != nil {
		l.close()
		return nil, fmt.Errorf("agent %s: %w", s.Name, err)
	}
	return l, nil
}

// prepare makes the agent's scratch folder and private home, and builds
// its environment and command line: inside the sandbox when the runner
// confines agents.
func (l *launch) prepare(r *Runner, out string) error {
	s, job := l.job.Spec, l.job
	scratch := job.Scratch
	if scratch == "" {
		dir, err := os.MkdirTemp("", "deepreview-agent-")
		if err != nil {
			return err
		}
		scratch, l.tempScratch = dir, dir
	}
	h, err := newHome(scratch)
	if err != nil {
		return err
	}
	if l.env, err = h.env(s.Kind, r.Env(s)); err != nil {
		return err
	}
	req := Request{Schema: job.Schema, Confined: r.Confine.Active(), AddDirs: job.AddDirs}
	if job.Schema != nil {
		// The store keeps a copy; the agent reads the one in its scratch.
		if _, err := writeFile(out, SchemaFile, job.Schema); err != nil {
			return err
		}
		if req.SchemaFile, err = writeFile(scratch, SchemaFile, job.Schema); err != nil {
			return err
		}
		l.env = append(l.env, "DEEPREVIEW_SCHEMA_FILE="+req.SchemaFile)
	}
	if l.argv, err = s.Argv(req); err != nil {
		return err
	}
	if !req.Confined {
		return nil
	}
	read := slices.Concat([]string{job.Dir}, job.Read, job.AddDirs)
	l.argv, err = sandbox.Command(r.Confine.Launcher, s.Policy(l.env, read, scratch), l.argv)
	return err
}

// cleanup removes a scratch folder the runner made itself.
func (l *launch) cleanup() {
	if l.tempScratch != "" {
		_ = os.RemoveAll(l.tempScratch)
	}
}

// open writes the prompt before launch (it stays on disk for the record)
// and opens it as stdin, and creates the transcript and stderr files.
func (l *launch) open(out string) error {
	prompt, err := writeFile(out, PromptFile, []byte(l.job.Prompt))
	if err != nil {
		return err
	}
	if l.stdin, err = l.file(os.Open(prompt)); err != nil {
		return err
	}
	stdout, err := l.file(os.Create(filepath.Join(out, TranscriptFile)))
	if err != nil {
		return err
	}
	stderr, err := l.file(os.Create(filepath.Join(out, StderrFile)))
	if err != nil {
		return err
	}
	// What reaches the files is redacted as it streams: an agent that read
	// a key and printed it leaves no copy in the store.
	outR, errR := l.redact.Writer(stdout), l.redact.Writer(stderr)
	l.redacting = []*redact.Writer{outR, errR}
	l.stdout = &tee{file: &capped{file: outR, name: TranscriptFile, limit: l.limits.Transcript}, also: io.Discard}
	l.stderr = &tee{file: &capped{file: errR, name: StderrFile, limit: l.limits.Stderr}, also: proc.NewTail(stderrTail)}
	return nil
}

// flush writes what the redacting writers still hold (an unfinished last
// line) and returns what they redacted.
func (l *launch) flush() redact.Counts {
	var c redact.Counts
	for _, w := range l.redacting {
		_ = w.Close()
		c.Add(w.Counts())
	}
	return c
}

func (l *launch) file(f *os.File, err error) (*os.File, error) {
	if f != nil {
		l.files = append(l.files, f)
	}
	return f, err
}

func (l *launch) close() {
	for _, f := range l.files {
		f.Close()
	}
	l.cleanup()
}

// run starts the agent, decodes its transcript as it streams and fills
// res once it has ended.
func (l *launch) run(ctx context.Context, res *Result, obs Observer) error {
	var lines *proc.Lines
	if l.dec != nil {
		lines = proc.NewLines(l.limits.lineLimit(), func(b []byte) { l.line(b, obs) })
		l.stdout.also = lines
	} else {
		l.review = &head{limit: l.limits.Review}
		l.stdout.also = l.review
	}
	s := l.job.Spec
	exit, err := proc.Run(ctx, proc.Cmd{
		Argv: l.argv, Dir: l.job.Dir, Env: l.env,
		Stdin: l.stdin, Stdout: l.stdout, Stderr: l.stderr,
		Timeout: s.timeout(), Grace: l.grace,
		Started: func(int) { l.started(obs) },
	})
	if err != nil {
		return fmt.Errorf("agent %s: %w", s.Name, err)
	}
	dropped := 0
	if lines != nil {
		lines.Flush()
		dropped = lines.Dropped
	}
	res.Redactions = l.flush()
	l.record(res, exit, dropped)
	return nil
}

// started sends the Started event, once, before any other event of the
// agent: output may arrive before the Started callback runs.
func (l *launch) started(obs Observer) {
	l.once.Do(func() { obs.send(Event{Kind: Started, Agent: l.job.Spec.Name, Time: time.Now()}) })
}

// line feeds one transcript line to the decoder and reports new tool calls.
func (l *launch) line(b []byte, obs Observer) {
	l.started(obs) // the output can be read before Run's Started callback runs
	l.dec.Line(b)
	if n := l.dec.Calls(); n != l.tools {
		l.tools = n
		obs.send(Event{Kind: Tool, Agent: l.job.Spec.Name, Time: time.Now(), Tool: l.dec.LastTool(), Tools: n})
	}
}

func (l *launch) record(res *Result, exit *proc.Exit, dropped int) {
	res.Started, res.Ended, res.PID = exit.Started, exit.Ended, exit.PID
	res.DurationMS = exit.Duration().Milliseconds()
	res.ExitCode = exit.Code
	res.StderrTail = l.stderr.also.(*proc.Tail).String()
	m, cut := l.metrics()
	if m.DurationMS == 0 {
		m.DurationMS = res.DurationMS // codex never reports it, gemini not on fatal errors
	}
	res.Metrics, res.Review = m, m.FinalText
	res.Err = reason(exit, m, m.FinalText, dropped, l.limits.lineLimit(), cut)
	if cut > 0 {
		res.Review = "" // not a review: its start stays in the transcript and metrics
	}
}

// metrics are the run's figures with its review text, and the review
// limit if the text was cut there (0 if not). The files' truncation is
// noted in Truncated; a transcript file that failed is only noted too,
// since the review is read from the stream, not from the file.
func (l *launch) metrics() (transcript.Metrics, int64) {
	var m transcript.Metrics
	var cut bool
	if l.dec != nil {
		m = l.dec.Metrics()
		cut = len(m.Truncated) > 0 // the decoder notes only a cut text
	} else {
		m = transcript.Metrics{Agent: l.job.Spec.Kind, FinalText: l.review.text()}
		if cut = l.review.over; cut {
			m.Truncated = append(m.Truncated, fmt.Sprintf("final text truncated at %d bytes", l.limits.Review))
		}
	}
	m.Truncated = append(m.Truncated, l.stdout.file.notes()...)
	m.Truncated = append(m.Truncated, l.stderr.file.notes()...)
	if cut {
		return m, l.limits.Review
	}
	return m, 0
}

// tee writes to a file, capped, and to another writer; neither can stop
// the other or the child (whose pipe would break).
type tee struct {
	file *capped
	also io.Writer
}

func (t *tee) Write(p []byte) (int, error) {
	t.file.Write(p)
	t.also.Write(p)
	return len(p), nil
}
