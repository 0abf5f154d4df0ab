package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/config"
	"github.com/deepreview/deepreview/internal/consolidate"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/sandbox"
	"github.com/deepreview/deepreview/internal/transcript"
)

const consolidateUsage = "[--consolidator none|NAME] [--tree DIR] [--transcript NAME=FILE]... [--model NAME=LABEL]... [--format md|json] NAME=REVIEW.md ..."

// pairs is a repeatable NAME=VALUE flag.
type pairs map[string]string

func (p pairs) String() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k+"="+p[k])
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (p pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" || v == "" {
		return fmt.Errorf("%q is not NAME=VALUE", s)
	}
	if _, dup := p[k]; dup {
		return fmt.Errorf("%s given twice", k)
	}
	p[k] = v
	return nil
}

// runConsolidate consolidates agent reviews given as NAME=FILE into one
// report on stdout.
func runConsolidate(ctx context.Context, args []string, env Env) error {
	fs := newFlags("consolidate", consolidateUsage, env)
	consolidator := fs.String("consolidator", "none", "agent that decides the consolidation, or none for code alone")
	tree := fs.String("tree", "", "the reviewed checkout, for the location check")
	cfgFile := fs.String("config", "", "configuration `file` on top of the user's (for --consolidator)")
	format := fs.String("format", "md", "output format: md or json")
	transcripts, models := pairs{}, pairs{}
	fs.Var(transcripts, "transcript", "NAME=FILE: the agent's transcript, for its duration, tokens and tool calls (repeatable)")
	fs.Var(models, "model", "NAME=LABEL: the agent's display name, e.g. claude='Claude Opus 4.6' (repeatable)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("consolidate: no reviews given (NAME=REVIEW.md ...)")
	}
	if *format != "md" && *format != "json" {
		return usagef("consolidate: --format %q: want md or json", *format)
	}
	in := consolidate.Input{Tree: resolve(env, *tree)}
	for _, a := range pos {
		src, err := source(env, a, transcripts, models)
		if err != nil {
			return err
		}
		in.Reviews = append(in.Reviews, src)
	}
	for name := range transcripts {
		if !hasSource(in.Reviews, name) {
			return usagef("consolidate: --transcript %s: no review of that name", name)
		}
	}
	if *consolidator != config.None {
		c, err := agentConsolidator(env, *consolidator, *cfgFile, in.Tree)
		if err != nil {
			return err
		}
		in.Consolidator, in.ConsolidatorName = c, review.ConsolidatorLabel(&c.Spec)
	}
	r, err := consolidate.Consolidate(ctx, in)
	if err != nil {
		return fmt.Errorf("consolidate: %w", err)
	}
	// A report of its own, which render and show read back: an id from
	// the time, round 1.
	now, err := stampTime(env)
	if err != nil {
		return err
	}
	r.ID, r.Round, r.Date = now.Format("20060102-150405")+"-consolidate", 1, now
	if *format == "json" {
		return report.JSON(env.Stdout, r)
	}
	return report.Markdown(env.Stdout, r)
}

// agentConsolidator runs the configured agent name as the consolidator, in
// the reviewed tree (else here); its files go to a temporary folder that
// is kept and named on stderr.
func agentConsolidator(env Env, name, cfgFile, tree string) (*review.Consolidator, error) {
	cfg, err := loadConfig(env, cfgFile)
	if err != nil {
		return nil, err
	}
	spec, err := selectConsolidator(cfg, name)
	if err != nil {
		return nil, err
	}
	out, err := os.MkdirTemp("", "deepreview-consolidate-")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stderr, "deepreview: consolidator %s writes its transcript in %s\n", name, out)
	if tree == "" {
		tree = env.Dir
	}
	// The consolidator reads agents' reviews, which quote the change: it
	// is confined like a reviewer.
	confine, err := confinement(env, string(sandbox.Auto))
	if err != nil {
		return nil, err
	}
	runner := &agent.Runner{Environ: env.Environ(), Secrets: cfg.SecretEnv, Confine: confine,
		Limits: agentLimits(cfg.Limits), Redact: redact.New(env.Environ(), cfg.SecretEnv)}
	return &review.Consolidator{Runner: runner, Spec: *spec, Dir: tree, OutDir: out}, nil
}

func hasSource(srcs []consolidate.Source, name string) bool {
	for _, s := range srcs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// source reads one NAME=REVIEW.md argument. A review the parser rejects
// (a failure note, no findings section) becomes a failed agent: it shows
// in the retro and the appendix, and contributes no findings.
func source(env Env, arg string, transcripts, models pairs) (consolidate.Source, error) {
	name, file, ok := strings.Cut(arg, "=")
	if !ok || name == "" || file == "" {
		return consolidate.Source{}, usagef("consolidate: %q is not NAME=REVIEW.md", arg)
	}
	raw, err := os.ReadFile(resolve(env, file))
	if err != nil {
		return consolidate.Source{}, fmt.Errorf("consolidate: review %s: %w", name, err)
	}
	s := consolidate.Source{Name: name, Model: models[name], Raw: string(raw)}
	if rv, err := finding.Parse(name, raw); err != nil {
		s.Err = fmt.Sprintf("%s: %v", file, err)
	} else {
		s.Review = rv
	}
	if t, ok := transcripts[name]; ok {
		m, err := metrics(env, name, t)
		if err != nil {
			return consolidate.Source{}, err
		}
		s.Metrics = &m
		if s.Model == "" && m.Model != "" {
			s.Model = report.Label(name, m.Model)
		}
	}
	return s, nil
}

// metrics decodes an agent transcript; NAME must be a CLI the decoder
// knows (claude, codex, gemini).
func metrics(env Env, name, file string) (transcript.Metrics, error) {
	f, err := os.Open(resolve(env, file))
	if err != nil {
		return transcript.Metrics{}, fmt.Errorf("consolidate: transcript %s: %w", name, err)
	}
	defer f.Close()
	m, err := transcript.Decode(name, f)
	if err != nil {
		return transcript.Metrics{}, fmt.Errorf("consolidate: transcript %s: %w", name, err)
	}
	return m, nil
}

// resolve makes a relative path relative to the command's directory.
func resolve(env Env, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.Dir, p)
}

// stampTime is when consolidate says its report was made: the clock, or
// $SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
// convention) when set, so that the same reviews give byte-identical
// output.
func stampTime(env Env) (time.Time, error) {
	v := env.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return env.Now(), nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 || sec > 253402300799 { // 9999-12-31T23:59:59Z
		return time.Time{}, usagef("consolidate: SOURCE_DATE_EPOCH %q: want whole seconds since 1970 (0 to 253402300799)", v)
	}
	return time.Unix(sec, 0).UTC(), nil
}
