package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/store"
	"github.com/google/go-cmp/cmp"
)

// hostileTitle is an agent's finding title with escape sequences: OSC 52
// (writes the clipboard) and a screen clear.
const hostileTitle = "Nil map\x1b]52;c;cm0gLXJmIH4=\x07 write\x1b[2J in Put"

// resolveFixture is a repository whose first commit a finished review
// reviewed, with a fix committed since, and the store holding the review.
type resolveFixture struct {
	home, repo, id string
	fix            string // the fix, abbreviated as git abbreviates it
}

func newResolveFixture(t *testing.T) *resolveFixture {
	t.Helper()
	root := t.TempDir()
	fx := &resolveFixture{home: filepath.Join(root, "home"), repo: filepath.Join(root, "widget")}
	storeGitRepo(t, fx.repo, "feature", "https://github.com/acme/widget.git")
	git := func(args ...string) string {
		t.Helper()
		args = append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)
		out, err := gitcmd.Run(context.Background(), fx.repo, args...)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(out)
	}
	s, err := store.Open(fx.home)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Create(report.Change{Repo: "acme/widget", Branch: "feature", Head: git("rev-parse", "HEAD")}, storeT0)
	if err != nil {
		t.Fatal(err)
	}
	rep := storeReport(t)
	rep.ID, rep.Round, rep.Date = r.ID, r.Round, r.Started
	rep.Change = report.Change{Repo: r.Repo, Branch: r.Branch, Head: r.Head}
	rep.Findings[0].Title = hostileTitle
	var md bytes.Buffer
	if err := report.Markdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	if err := r.Finish(rep, md.Bytes()); err != nil {
		t.Fatal(err)
	}
	fx.id = r.ID
	git("commit", "-q", "--allow-empty", "-m", "kv: make the map")
	fx.fix = git("rev-list", "--abbrev-commit", "-1", "HEAD")
	return fx
}

func (fx *resolveFixture) env(stdin, stdout *os.File) Env {
	return Env{
		Stdin: stdin, Stdout: stdout, Stderr: stdout,
		Getenv:  func(k string) string { return map[string]string{"DEEPREVIEW_HOME": fx.home}[k] },
		Environ: os.Environ, Now: func() time.Time { return storeT0.Add(time.Hour) }, Dir: fx.repo,
	}
}

func (fx *resolveFixture) resolution(t *testing.T) map[string]report.Resolved {
	t.Helper()
	s, err := store.Open(fx.home)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(fx.id)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Resolution()
	if err != nil || res == nil {
		t.Fatalf("resolution %v, %v", res, err)
	}
	return res.Findings
}

// screen reads what a pseudo-terminal shows, for a test to wait on.
type screen struct {
	chunks <-chan []byte
	seen   []byte
	pos    int // what expect has matched so far ends here
}

func newScreen(ptmx *os.File) *screen {
	ch := make(chan []byte, 64)
	go func() {
		defer close(ch)
		for {
			buf := make([]byte, 4096)
			n, err := ptmx.Read(buf)
			if n > 0 {
				ch <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	return &screen{chunks: ch}
}

// expect waits until s shows want after what it matched last. The
// deadline only keeps a broken prompt from hanging the test.
func (s *screen) expect(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if i := bytes.Index(s.seen[s.pos:], []byte(want)); i >= 0 {
			s.pos += i + len(want)
			return
		}
		select {
		case b, ok := <-s.chunks:
			if !ok {
				t.Fatalf("the terminal closed before showing %q; it shows:\n%q", want, s.seen)
			}
			s.seen = append(s.seen, b...)
		case <-deadline:
			t.Fatalf("the terminal does not show %q; it shows:\n%q", want, s.seen)
		}
	}
}

func typeIn(t *testing.T, ptmx *os.File, keys string) {
	t.Helper()
	if _, err := ptmx.WriteString(keys); err != nil {
		t.Fatal(err)
	}
}

// openPTY opens a pseudo-terminal, closed when the test ends: ptmx is
// the user's side, tty the program's.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("open a pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	return ptmx, tty
}

// TestResolveOnTerminal runs 'deepreview resolve ID' with a real
// pseudo-terminal as stdin and stdout, types the answers as a user does
// (Enter is a carriage return; Ctrl-D ends the input), and reads the
// resolution back from the store. The hostile title of the first finding
// is shown without its escape sequences; written raw, the same terminal
// passes them through.
func TestResolveOnTerminal(t *testing.T) {
	fx := newResolveFixture(t)
	ptmx, tty := openPTY(t)
	scr := newScreen(ptmx)

	// Without the defence: the terminal passes an escape sequence.
	if _, err := tty.WriteString(hostileTitle + "\n"); err != nil {
		t.Fatal(err)
	}
	scr.expect(t, "\x1b]52;c;")
	scr.expect(t, "in Put")

	done := make(chan int, 1)
	go func() { done <- Main(context.Background(), []string{"resolve", fx.id}, fx.env(tty, tty)) }()
	scr.expect(t, "review "+fx.id+" of acme/widget@feature: 4 findings, 4 without a resolution")
	from := scr.pos
	scr.expect(t, "I1 (1 of 4)  important  ")
	scr.expect(t, "[q]uit: ")
	if shown := string(scr.seen[from:scr.pos]); strings.ContainsAny(shown, "\x1b\x07") ||
		!strings.Contains(shown, "Nil map write in Put\r\n  pkg/service/cmd/service.go:353-358\r\n") {
		t.Errorf("the first finding is not shown neutralised:\n%q", shown)
	}
	typeIn(t, ptmx, "fixed\r")
	scr.expect(t, "commits (Enter: "+fx.fix+"; - none): ")
	typeIn(t, ptmx, "\r")
	scr.expect(t, "recorded: fixed in "+fx.fix)
	scr.expect(t, "I2 (2 of 4)")
	scr.expect(t, "[q]uit: ")
	typeIn(t, ptmx, "k\r")
	scr.expect(t, `"k" is not an answer`)
	scr.expect(t, "[q]uit: ")
	typeIn(t, ptmx, "s\r")
	scr.expect(t, "reason (required; later rounds respect it): ")
	typeIn(t, ptmx, "\r")
	scr.expect(t, "skipped needs a reason")
	typeIn(t, ptmx, "covered by the bats suite\r")
	scr.expect(t, "recorded: skipped: covered by the bats suite")
	scr.expect(t, "S1 (3 of 4)")
	scr.expect(t, "[q]uit: ")
	typeIn(t, ptmx, "\x04") // Ctrl-D
	scr.expect(t, "deepreview: recorded 2 for "+fx.id+" (1 fixed, 1 skipped); 2 findings have none yet")
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("resolve did not end after Ctrl-D")
	}
	if shown := scr.seen[from:]; bytes.ContainsAny(shown, "\x1b\x07") {
		t.Errorf("agent text reached the terminal raw:\n%q", shown)
	}
	want := map[string]report.Resolved{
		"I1": {Action: report.ActionFixed, Commits: []string{fx.fix}},
		"I2": {Action: report.ActionSkipped, Reason: "covered by the bats suite"},
	}
	if d := cmp.Diff(want, fx.resolution(t)); d != "" {
		t.Errorf("stored resolution (-want +got):\n%s", d)
	}
}

// TestResolveAsksOnlyTerminals: without --finding or --file, resolve asks
// only when stdin and stdout are both terminals; else it says what to
// pass and returns at once, so a script never waits.
func TestResolveAsksOnlyTerminals(t *testing.T) {
	fx := newResolveFixture(t)
	_, tty := openPTY(t)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	var errb bytes.Buffer
	stdinFile := fx.env(devnull, tty) // stdout a terminal, stdin not
	stdinFile.Stderr = &errb
	stdoutBuffer := fx.env(tty, tty) // stdin a terminal, stdout a buffer
	stdoutBuffer.Stdout, stdoutBuffer.Stderr = &errb, &errb
	for name, env := range map[string]Env{"stdin a file": stdinFile, "stdout a buffer": stdoutBuffer} {
		errb.Reset()
		code := Main(context.Background(), []string{"resolve", fx.id}, env)
		if code != 2 || !strings.Contains(errb.String(), "say what was done with --finding ID=ACTION[:DETAIL] or --file FILE") {
			t.Errorf("%s: exit %d, %q", name, code, errb.String())
		}
	}
	errb.Reset()
	env := fx.env(tty, tty)
	env.Stderr = &errb
	if code := Main(context.Background(), []string{"resolve", "--all", "--finding", "I1=fixed"}, env); code != 2 ||
		!strings.Contains(errb.String(), "--all is for answering on a terminal") {
		t.Errorf("--all with --finding: exit %d, %q", code, errb.String())
	}
}

// TestAskItems: the findings without a resolution, or with --all every
// one, with what was recorded for it.
func TestAskItems(t *testing.T) {
	rep := storeReport(t)
	res := &report.Resolution{Findings: map[string]report.Resolved{"I2": {Action: "fixed"}}}
	ids := func(items []askItem) string {
		var s []string
		for _, it := range items {
			s = append(s, it.Finding.ID)
			if it.Had != nil {
				s[len(s)-1] += "=" + it.Had.Action
			}
		}
		return strings.Join(s, " ")
	}
	if got := ids(askItems(rep, res, false)); got != "I1 S1 S2" {
		t.Errorf("unresolved: %s", got)
	}
	if got := ids(askItems(rep, res, true)); got != "I1 I2=fixed S1 S2" {
		t.Errorf("--all: %s", got)
	}
	if got := ids(askItems(rep, nil, false)); got != "I1 I2 S1 S2" || unresolved(rep, nil) != 4 || unresolved(rep, res) != 3 {
		t.Errorf("no resolution: %s", got)
	}
}
