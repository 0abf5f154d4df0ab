package htmlreport

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests open the pages in a real headless Chromium (Debian's
// chromium package), served from a loopback server that records every
// request: a page that asks for anything but itself fails.

// browser is a headless Chromium run.
type browser struct {
	t   *testing.T
	bin string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if bin, err := exec.LookPath(name); err == nil {
			return &browser{t: t, bin: bin}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("chromium not installed (apt-get install chromium): the HTML pages are not checked in a browser")
	return nil
}

// run runs Chromium on url with extra flags and returns its stdout and
// stderr.
func (b *browser) run(url string, flags ...string) (string, string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.t.Context(), 2*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
		"--user-data-dir=" + b.t.TempDir(), "--enable-logging=stderr", "--v=0"}, flags...)
	cmd := exec.CommandContext(ctx, b.bin, append(args, url)...)
	cmd.Env = append(os.Environ(), "HOME="+b.t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v\n%s", url, err, errb.String())
	}
	return out.String(), errb.String()
}

// site serves a folder on loopback and records each request's path.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func serve(t *testing.T, dir string) *site {
	s := &site{}
	files := http.FileServer(http.Dir(dir))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.URL.Path)
		s.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// consoleErrors are the lines of Chromium's log that report a page's
// console errors or refused loads.
func consoleErrors(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") || strings.Contains(l, "Refused to") || strings.Contains(l, "Content Security Policy") {
			out = append(out, l)
		}
	}
	return out
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPagesInBrowser loads every testdata report's page and an index of
// them: each page loads without console errors and asks for nothing but
// itself, its DOM has every finding (by id) and the appendix, links of
// the index lead to the pages, and a screenshot is taken.
func TestPagesInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	var entries []Entry
	for _, name := range []string{"pr-316", "round-8-pr-336", "local-rotate-serial-logs"} {
		r := readReport(t, name)
		writeFile(t, filepath.Join(dir, r.ID+".html"), page(t, r))
		entries = append(entries, Entry{ID: r.ID, Repo: r.Change.Repo, PR: r.Change.PR, Branch: r.Change.Branch, Round: r.Round,
			Date: r.Date, State: "done", Verdict: r.Verdict.Decision, Page: r.ID + ".html"})
	}
	var idx bytes.Buffer
	if err := Index(&idx, entries, time.Now()); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "index.html"), idx.String())
	srv := serve(t, dir)
	shots := screenshotDir(t)
	for _, name := range []string{"pr-316", "round-8-pr-336", "local-rotate-serial-logs"} {
		r := readReport(t, name)
		t.Run(name, func(t *testing.T) {
			before := len(srv.requests())
			dom, log := b.run(srv.URL+"/"+r.ID+".html", "--dump-dom")
			if got := srv.requests()[before:]; len(got) != 1 || got[0] != "/"+r.ID+".html" {
				t.Errorf("the page made requests of its own: %v", got)
			}
			if errs := consoleErrors(log); len(errs) > 0 {
				t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
			}
			for _, f := range r.Findings {
				if !strings.Contains(dom, `id="`+f.ID+`"`) {
					t.Errorf("the DOM has no element with id %s", f.ID)
				}
			}
			if n := strings.Count(dom, `<details class="original"`); n != len(r.Appendix) {
				t.Errorf("the DOM has %d appendix <details>, want %d", n, len(r.Appendix))
			}
			shot := filepath.Join(shots, name+".png")
			b.run(srv.URL+"/"+r.ID+".html", "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars")
			checkScreenshot(t, shot)
		})
	}
	dom, _ := b.run(srv.URL+"/index.html", "--dump-dom")
	for _, e := range entries {
		if !strings.Contains(dom, `href="`+e.Page+`"`) {
			t.Errorf("the index does not link %s", e.Page)
		}
	}
	b.run(srv.URL+"/index.html", "--screenshot="+filepath.Join(shots, "index.png"), "--window-size=1280,1200", "--hide-scrollbars")
	checkScreenshot(t, filepath.Join(shots, "index.png"))
}

// screenshotDir is where screenshots go: $DEEPREVIEW_SCREENSHOTS to keep
// them and look, else a temporary folder.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("DEEPREVIEW_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// checkScreenshot checks that Chromium wrote a PNG of the window's size
// with more than one colour (a blank page is one).
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	colours := map[[4]uint32]bool{}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 7 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 7 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	if bounds.Dx() != 1280 || len(colours) < 10 {
		t.Errorf("screenshot %s: %dx%d with %d colours", path, bounds.Dx(), bounds.Dy(), len(colours))
	}
	t.Logf("screenshot: %s", path)
}
