package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/deepreview/deepreview/internal/agent"
	"github.com/deepreview/deepreview/internal/config"
	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/redact"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/sandbox"
	"github.com/deepreview/deepreview/internal/ui"
	"github.com/deepreview/deepreview/internal/workspace"
)

// reviewOptions are the flags of `deepreview review`.
type reviewOptions struct {
	target       string
	configFile   string
	base         string
	agents       string
	consolidator string
	timeout      time.Duration
	format       string
	post         bool
	inline       bool
	postAnyway   bool
	skill        string
	sandbox      string
	failOn       review.FailOn
	githubOutput string
	roundOf      string
}

const reviewUsage = "[TARGET] [--config FILE] [--base REF] [--agents a,b] [--consolidator NAME|none] [--timeout DURATION] [--format md|json|sarif|rdjsonl] [--post[=inline]] [--post-anyway] [--fail-on never|fixes|rework] [--sandbox auto|require|off] [--round-of ID]\n\n" +
	"TARGET is a pull request (URL, owner/repo#N, #N or N); none reviews the current branch against --base.\n\n" +
	"Exit status: 0 when the review is done and its verdict is below --fail-on, 1 on failure, 2 on a\n" +
	"usage error, 3 when the verdict reaches --fail-on (fixes: Merge with fixes or Rework; rework:\n" +
	"Rework). The report is printed and stored whatever the verdict. With --post, the verdict is also\n" +
	"a commit status (context deepreview) on the reviewed head: failure when it reaches --fail-on.\n\n" +
	"--post=inline also submits one pull-request review whose comments sit on the changed lines the\n" +
	"findings cite (a suggestion block when the fix is a clean replacement of those lines); findings\n" +
	"outside the diff stay in the summary comment. A later round edits its own earlier comments and\n" +
	"answers those of fixed findings."

func runReview(ctx context.Context, args []string, env Env) error {
	o, err := reviewFlags(args, env)
	if err != nil {
		return err
	}
	req, cfg, err := reviewRequest(o, env)
	if err != nil {
		return err
	}
	confine, err := confinement(env, o.sandbox)
	if err != nil {
		return err
	}
	sweep(env)
	deps, err := reviewDeps(ctx, req, cfg, env)
	if err != nil {
		return err
	}
	deps.Runner.Confine = confine
	if !confine.Active() {
		fmt.Fprintf(env.Stderr, "deepreview: sandbox %s; --sandbox=require makes this an error\n", confine.Describe())
	}
	progress := ui.Start(env.Stderr, progressOptions(env))
	deps.Observer, deps.Log, deps.Stage = progress.Observe, progress, progress.Stage
	res, err := review.Run(ctx, req, deps)
	progress.Close()
	if err != nil && res != nil { // a whole review the store could not keep, or that was not posted
		if perr := printReport(env.Stdout, res, o.format); perr != nil {
			return errors.Join(err, perr)
		}
		var lost *review.NotStoredError
		if errors.As(err, &lost) && !lost.Done {
			return fmt.Errorf("%w; the report above is all there is of it", err)
		}
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "deepreview: %s round %d: %s (stored in %s)\n", res.Report.ID, res.Report.Round, res.Report.Verdict.Decision, res.Dir)
	if res.Comment != nil {
		fmt.Fprintf(env.Stderr, "deepreview: posted %s\n", res.Comment.URL)
	}
	if in := res.Inline; in != nil {
		fmt.Fprintf(env.Stderr, "deepreview: inline comments: %d new, %d updated, %d answered as fixed (%d threads resolved), %d findings outside the diff (summary only) %s\n",
			in.Posted, in.Edited, in.Replied, in.Resolved, in.Outside, in.ReviewURL)
	}
	if err := printReport(env.Stdout, res, o.format); err != nil {
		return err
	}
	if err := writeGitHubOutput(env, o.githubOutput, res); err != nil {
		return err
	}
	return gate(res, o.failOn)
}

// postFlag is --post: alone (or =true, =summary) the report comment and
// the commit status; =inline those and the inline review comments;
// =false or =none nothing.
type postFlag struct{ post, inline *bool }

func (p postFlag) IsBoolFlag() bool { return true }

func (p postFlag) String() string {
	switch {
	case p.post == nil || !*p.post:
		return "false"
	case *p.inline:
		return "inline"
	}
	return "true"
}

func (p postFlag) Set(s string) error {
	switch s {
	case "true", "summary":
		*p.post, *p.inline = true, false
	case "inline":
		*p.post, *p.inline = true, true
	case "false", "none":
		*p.post, *p.inline = false, false
	default:
		return fmt.Errorf("want --post, --post=inline or --post=false, not %q", s)
	}
	return nil
}

func reviewFlags(args []string, env Env) (*reviewOptions, error) {
	o := &reviewOptions{}
	fs := newFlags("review", reviewUsage, env)
	fs.StringVar(&o.configFile, "config", "", "configuration `file` on top of the user's")
	fs.StringVar(&o.base, "base", "", "base `ref` of a local review (default: the remote's default branch, else main)")
	fs.StringVar(&o.agents, "agents", "", "comma-separated agent `names` (default: the configured default agents)")
	fs.StringVar(&o.consolidator, "consolidator", "", "consolidator agent `name`, or none for code alone")
	fs.DurationVar(&o.timeout, "timeout", 0, "per-agent time limit (default: each agent's own, else 30m)")
	fs.StringVar(&o.format, "format", "md", "output format: md, json, sarif or rdjsonl")
	fs.Var(postFlag{&o.post, &o.inline}, "post", "create or update the report comment on the pull request, and set a commit status; --post=inline also comments on the changed lines")
	fs.BoolVar(&o.postAnyway, "post-anyway", false, "post even when the agents' output held a private key or a known token (redacted)")
	failOn := fs.String("fail-on", string(review.FailNever), "exit 3 (and a failure status with --post) when the verdict is at least: never, fixes or rework")
	fs.StringVar(&o.githubOutput, "github-output", "", "append verdict=, review-id=, report-dir=, comment-url= lines to `file` (a GitHub Actions $GITHUB_OUTPUT)")
	fs.StringVar(&o.skill, "skill", "", "review skill `file` replacing the built-in one")
	fs.StringVar(&o.sandbox, "sandbox", string(sandbox.Auto), "confine agents: auto (when the OS can), require (refuse to run unconfined) or off (agents can read and write what you can)")
	fs.StringVar(&o.roundOf, "round-of", "", "this review is the next round of review `ID` (a detached HEAD has no previous round otherwise)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 1 {
		return nil, usagef("review: one target at most, got %q", pos)
	}
	if len(pos) == 1 {
		o.target = pos[0]
	}
	if o.format != "md" && o.format != "json" && o.format != "sarif" && o.format != "rdjsonl" {
		return nil, usagef("review: --format %q: want md, json, sarif or rdjsonl", o.format)
	}
	if o.failOn, err = review.ParseFailOn(*failOn); err != nil {
		return nil, usagef("review: --fail-on %v", err)
	}
	if o.timeout < 0 {
		return nil, usagef("review: --timeout %s: want a positive duration", o.timeout)
	}
	if _, err := sandbox.ParseMode(o.sandbox); err != nil {
		return nil, usagef("review: --sandbox: %v", err)
	}
	return o, nil
}

// reviewRequest turns the options and the configuration into a request.
func reviewRequest(o *reviewOptions, env Env) (review.Request, *config.Config, error) {
	target, err := workspace.ParseTarget(o.target)
	if err != nil {
		return review.Request{}, nil, usagef("review: %v", err)
	}
	if o.post && target.Local() {
		return review.Request{}, nil, usagef("review: --post needs a pull request target")
	}
	cfg, err := loadConfig(env, o.configFile)
	if err != nil {
		return review.Request{}, nil, err
	}
	specs, err := selectAgents(cfg, o.agents, o.timeout)
	if err != nil {
		return review.Request{}, nil, err
	}
	cons, err := selectConsolidator(cfg, o.consolidator)
	if err != nil {
		return review.Request{}, nil, err
	}
	req := review.Request{Dir: env.Dir, Target: target, Base: o.base, Agents: specs, Consolidator: cons, SkillPath: o.skill,
		Post: o.post, Inline: o.inline, PostAnyway: o.postAnyway, FailOn: o.failOn, RoundOf: o.roundOf}
	return req, cfg, nil
}

// loadConfig reads the user's configuration, then file (from --config),
// with agent CLIs looked up on the Env's PATH.
func loadConfig(env Env, file string) (*config.Config, error) {
	return config.Load(config.Options{UserFile: config.UserFile(env.Getenv), File: file, Path: env.Getenv("PATH")})
}

func selectAgents(cfg *config.Config, list string, timeout time.Duration) ([]agent.Spec, error) {
	names := cfg.DefaultAgents
	if list != "" {
		names = splitList(list)
	}
	if len(names) == 0 {
		return nil, cfg.NoAgents()
	}
	agents, err := cfg.Select(names)
	if err != nil {
		return nil, err
	}
	specs := make([]agent.Spec, len(agents))
	for i, a := range agents {
		specs[i] = specOf(a)
		if timeout > 0 {
			specs[i].Timeout = timeout
		}
	}
	return specs, nil
}

func selectConsolidator(cfg *config.Config, name string) (*agent.Spec, error) {
	if name == "" {
		name = cfg.Consolidator
	}
	if name == "" || name == config.None {
		return nil, nil
	}
	agents, err := cfg.Select([]string{name})
	if err != nil {
		return nil, fmt.Errorf("consolidator: %w", err)
	}
	s := specOf(agents[0])
	return &s, nil
}

func specOf(a config.Agent) agent.Spec {
	return agent.Spec{Name: a.Name, Kind: a.Kind, Command: a.Command, Model: a.Model, Effort: a.Effort, Timeout: a.Timeout, Args: a.Args, Env: a.Env,
		Limits: agentLimits(a.Limits)}
}

func agentLimits(l config.Limits) agent.Limits {
	return agent.Limits{Transcript: l.Transcript, Stderr: l.Stderr, Review: l.Review}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// reviewDeps builds the pipeline's collaborators; GitHub only when the
// review needs it.
func reviewDeps(ctx context.Context, req review.Request, cfg *config.Config, env Env) (review.Deps, error) {
	st, err := envStore(env)
	if err != nil {
		return review.Deps{}, err
	}
	rd := redact.New(env.Environ(), cfg.SecretEnv)
	deps := review.Deps{
		Store:  st,
		Runner: &agent.Runner{Environ: env.Environ(), Secrets: cfg.SecretEnv, Limits: agentLimits(cfg.Limits), Redact: rd},
		Redact: rd,
		Log:    env.Stderr,
		Now:    env.Now,
	}
	if !req.Target.Local() {
		fc, err := githubClient(ctx, env)
		if err != nil {
			return review.Deps{}, err
		}
		deps.Forge = fc
	}
	return deps, nil
}

// githubClient reads the token the way gh does. DEEPREVIEW_GITHUB_API_URL
// points it at another API root (a GitHub Enterprise proxy, or a test).
func githubClient(ctx context.Context, env Env) (*forge.Client, error) {
	host := forge.Host(env.Getenv)
	tok, src := forge.Token(ctx, host, env.Getenv, forge.RunCommand)
	base := env.Getenv("DEEPREVIEW_GITHUB_API_URL")
	if base == "" {
		base = forge.APIBaseURL(host)
	}
	return forge.New(base, tok, src, nil)
}

func progressOptions(env Env) ui.Options {
	if f, ok := env.Stderr.(*os.File); ok {
		return ui.Detect(f, env.Getenv("TERM"))
	}
	return ui.Options{}
}

func printReport(w io.Writer, res *review.Result, format string) error {
	switch format {
	case "json":
		return report.JSON(w, res.Report)
	case "sarif":
		_, err := w.Write(res.SARIF)
		return err
	case "rdjsonl":
		return report.RDJSONL(w, res.Report)
	}
	_, err := w.Write(res.Markdown)
	return err
}
