package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
)

// storeT0 is when the first stored review started; local time, so the
// dates list prints are the same in every time zone.
var storeT0 = time.Date(2025, 1, 31, 14, 25, 1, 0, time.Local)

// storeFixture is a store filled through the store API and git
// repositories to stand in.
type storeFixture struct {
	home  string
	store *store.Store
	// widget is a clone of github.com/acme/widget on branch feature; topic
	// is another on branch topic; plain has no remote; outside is no
	// repository at all.
	widget, topic, plain, outside string
	// The reviews, oldest first (see newStoreFixture), and their reports.
	ids     []string
	reports map[string]*report.Report
	getenv  map[string]string
}

// The reviews of the fixture.
const (
	fxPR7Done   = iota // acme/widget#7, round 1, done
	fxPR7Failed        // acme/widget#7, failed
	fxFeature          // acme/widget@feature, done
	fxMain             // acme/widget@main, running, an agent file written
	fxOther            // acme/other#3, done
)

func newStoreFixture(t *testing.T) *storeFixture {
	t.Helper()
	root := t.TempDir()
	fx := &storeFixture{
		home:    filepath.Join(root, "home"),
		widget:  filepath.Join(root, "widget"),
		topic:   filepath.Join(root, "topic"),
		plain:   filepath.Join(root, "plain"),
		outside: filepath.Join(root, "outside"),
		reports: map[string]*report.Report{},
	}
	fx.getenv = map[string]string{"DEEPREVIEW_HOME": fx.home}
	if err := os.Mkdir(fx.outside, 0o755); err != nil {
		t.Fatal(err)
	}
	storeGitRepo(t, fx.widget, "feature", "https://github.com/acme/widget.git")
	storeGitRepo(t, fx.topic, "topic", "git@github.com:acme/widget.git")
	storeGitRepo(t, fx.plain, "main", "")

	s, err := store.Open(fx.home)
	if err != nil {
		t.Fatal(err)
	}
	fx.store = s
	base := storeReport(t)
	add := func(c report.Change, start time.Time, end func(*store.Review)) {
		r, err := s.Create(c, start)
		if err != nil {
			t.Fatal(err)
		}
		fx.ids = append(fx.ids, r.ID)
		if end != nil {
			end(r)
		}
	}
	done := func(r *store.Review) {
		rep := *base
		rep.ID, rep.Round, rep.Date = r.ID, r.Round, r.Started
		rep.Change = report.Change{Repo: r.Repo, PR: r.PR, Branch: r.Branch, Head: r.Head}
		var md bytes.Buffer
		if err := report.Markdown(&md, &rep); err != nil {
			t.Fatal(err)
		}
		if err := r.Finish(&rep, md.Bytes()); err != nil {
			t.Fatal(err)
		}
		fx.reports[r.ID] = &rep
	}
	add(report.Change{Repo: "acme/widget", PR: 7, Head: "aaa"}, storeT0, done)
	add(report.Change{Repo: "acme/widget", PR: 7, Head: "bbb"}, storeT0.Add(time.Hour), func(r *store.Review) {
		if err := r.Fail(errors.New("every agent failed: claude: exit status 1\nsee its stderr")); err != nil {
			t.Fatal(err)
		}
	})
	add(report.Change{Repo: "acme/widget", Branch: "feature", Head: "ccc"}, storeT0.Add(2*time.Hour), done)
	add(report.Change{Repo: "acme/widget", Branch: "main", Head: "ddd"}, storeT0.Add(3*time.Hour), func(r *store.Review) {
		p, err := r.AgentFile("claude", "transcript.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	add(report.Change{Repo: "acme/other", PR: 3, Head: "eee"}, storeT0.Add(4*time.Hour), done)
	return fx
}

// storeReport is a real consolidated report (round 8 of a pull request).
func storeReport(t *testing.T) *report.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "render-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// storeGitRepo makes a repository in dir with one commit on branch and
// origin set to remote ("" for none).
func storeGitRepo(t *testing.T, dir, branch, remote string) {
	t.Helper()
	git := func(args ...string) {
		t.Helper()
		args = append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com",
			"-c", "commit.gpgsign=false"}, args...)
		if _, err := gitcmd.Run(context.Background(), dir, args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q", "-b", branch)
	git("commit", "-q", "--allow-empty", "-m", "initial")
	if remote != "" {
		git("remote", "add", "origin", remote)
	}
}

// run runs deepreview in-process in dir, three hours and five minutes
// after storeT0, and returns its exit status, stdout and stderr.
func (fx *storeFixture) run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return fx.getenv[k] }, Environ: os.Environ,
		Now: func() time.Time { return storeT0.Add(3*time.Hour + 5*time.Minute) }, Dir: dir,
	}
	code := Main(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}
