package htmlreport

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// hostileMarkdown is agent text that tries to load things: raw HTML
// elements, a Markdown image, a stylesheet import and script links. T is
// the tracker's address.
func hostileMarkdown(tracker string) string {
	return strings.NewReplacer("T", tracker).Replace(`Looks fine <img src="T/raw-img"> to me.

![diagram](T/md-img)

<script>fetch("T/script")</script>

<iframe src="T/frame"></iframe>

<style>@import url("T/import");</style>

<link rel="stylesheet" href="T/link-css">

[details](javascript:fetch('T/js-link')) and [docs](https://example.com/docs) and [C1](#C1)
`)
}

func hostileReport(tracker string) *report.Report {
	md := hostileMarkdown(tracker)
	return &report.Report{
		ID: "20260101-000000-pr-1", Round: 1,
		Change:  report.Change{Repo: "o/r", PR: 1, PRURL: "javascript:alert(1)", Title: `<img src="` + tracker + `/title">`},
		Verdict: report.Verdict{Decision: report.Rework, Reason: md},
		Summary: md,
		Findings: []report.Finding{{ID: "C1", Severity: finding.Critical, Title: "![x](" + tracker + "/title-img) `Put` panics",
			Body: md, Fix: md, Locations: []finding.Location{{Path: "kv.go", StartLine: 9}}}},
		Appendix: []report.Original{{Agent: "claude", Pass: 1, Text: md}},
	}
}

// TestHostilePageLoadsNothing opens a page whose every text field tries
// to load from a tracker: the page asks for nothing, and its DOM has no
// element that could. The same Markdown rendered with raw HTML allowed,
// in a page without the Content-Security-Policy, reaches the tracker:
// that is the attack the page defends against.
func TestHostilePageLoadsNothing(t *testing.T) {
	b := newBrowser(t)
	tracker := serve(t, t.TempDir())
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "page.html"), page(t, hostileReport(tracker.URL)))
	srv := serve(t, dir)
	dom, _ := b.run(srv.URL+"/page.html", "--dump-dom")
	if got := tracker.requests(); len(got) != 0 {
		t.Errorf("the page reached the tracker: %v", got)
	}
	if got := srv.requests(); len(got) != 1 {
		t.Errorf("the page asked its own site for more than itself: %v", got)
	}
	for _, bad := range []string{"<img", "<script>fetch", "<iframe", "<style>@import", "<link rel=\"stylesheet", "javascript:"} {
		if strings.Contains(dom, bad) {
			t.Errorf("the DOM holds %q", bad)
		}
	}
	if !strings.Contains(dom, `href="https://example.com/docs"`) || !strings.Contains(dom, `href="#C1"`) {
		t.Error("safe links were lost")
	}
	if !strings.Contains(dom, `href="`+tracker.URL+`/md-img"`) {
		t.Error("the image did not become a link")
	}

	// Without the defences.
	var unsafe bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := md.Convert([]byte(hostileMarkdown(tracker.URL)), &unsafe); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "unsafe.html"), "<!DOCTYPE html><html><body>"+unsafe.String()+"</body></html>")
	b.run(srv.URL+"/unsafe.html", "--dump-dom", "--virtual-time-budget=3000")
	got := strings.Join(tracker.requests(), " ")
	for _, want := range []string{"/raw-img", "/md-img", "/frame"} {
		if !strings.Contains(got, want) {
			t.Errorf("the undefended page did not request %s (requests: %s)", want, got)
		}
	}
}

// TestCSPStopsMarkupThatSlipsThrough puts raw elements into a rendered
// page, as a renderer bug would: the page's Content-Security-Policy
// refuses the loads and Chromium reports them; without the policy the
// same elements reach the tracker.
func TestCSPStopsMarkupThatSlipsThrough(t *testing.T) {
	b := newBrowser(t)
	tracker := serve(t, t.TempDir())
	dir := t.TempDir()
	h := page(t, readReport(t, "pr-316"))
	inject := `<img src="` + tracker.URL + `/slipped-img"><link rel="stylesheet" href="` + tracker.URL + `/slipped-css"><script src="` + tracker.URL + `/slipped-js"></script>`
	slipped := strings.Replace(h, "<main>", "<main>"+inject, 1)
	writeFile(t, filepath.Join(dir, "csp.html"), slipped)
	srv := serve(t, dir)
	_, log := b.run(srv.URL+"/csp.html", "--dump-dom")
	if got := tracker.requests(); len(got) != 0 {
		t.Errorf("the policy let requests through: %v", got)
	}
	if len(consoleErrors(log)) == 0 {
		t.Error("Chromium reported no refused load: the console check would miss one")
	}

	noCSP := strings.Replace(slipped, `<meta http-equiv="Content-Security-Policy"`, `<meta name="x"`, 1)
	writeFile(t, filepath.Join(dir, "nocsp.html"), noCSP)
	b.run(srv.URL+"/nocsp.html", "--dump-dom")
	if got := strings.Join(tracker.requests(), " "); !strings.Contains(got, "/slipped-img") || !strings.Contains(got, "/slipped-js") {
		t.Errorf("without the policy the elements did not load: %s", got)
	}
}
