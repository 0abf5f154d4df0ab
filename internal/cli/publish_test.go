package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/htmlreport"
)

func TestShowHTML(t *testing.T) {
	fx := newStoreFixture(t)
	id := fx.ids[fxPR7Done]
	code, out, errOut := fx.run(t, fx.outside, "show", id, "--format", "html")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var want bytes.Buffer
	if err := htmlreport.Page(&want, fx.reports[id]); err != nil {
		t.Fatal(err)
	}
	if out != want.String() || !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Errorf("show --format html is not the report's page:\n%.300s", out)
	}
}

// TestPublish publishes the fixture's store: one page per review with a
// report, an index linking them and listing the others, and .nojekyll.
func TestPublish(t *testing.T) {
	fx := newStoreFixture(t)
	site := filepath.Join(t.TempDir(), "site")
	code, out, errOut := fx.run(t, fx.outside, "publish", site)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
	var files []string
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		files = append(files, e.Name())
	}
	want := []string{".nojekyll", "index.html"}
	for _, i := range []int{fxPR7Done, fxFeature, fxOther} {
		want = append(want, fx.ids[i]+".html")
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("site holds %v, want %v", files, want)
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range fx.ids {
		linked := strings.Contains(string(index), `href="`+id+`.html"`)
		if done := i == fxPR7Done || i == fxFeature || i == fxOther; linked != done || !strings.Contains(string(index), id) {
			t.Errorf("index: %s linked %v, listed %v", id, linked, strings.Contains(string(index), id))
		}
	}
	for _, s := range []string{"acme/widget", "acme/other", "#7", "feature", "failed"} {
		if !strings.Contains(string(index), s) {
			t.Errorf("index lacks %q", s)
		}
	}
	if !strings.Contains(errOut, "3 review pages") {
		t.Errorf("stderr: %s", errOut)
	}

	// --repo keeps one repository; publishing again rewrites in place.
	code, _, errOut = fx.run(t, fx.outside, "publish", "--repo", "acme/other", site)
	index, _ = os.ReadFile(filepath.Join(site, "index.html"))
	if code != 0 || strings.Contains(string(index), "acme/widget") || !strings.Contains(string(index), fx.ids[fxOther]) {
		t.Errorf("--repo acme/other: exit %d %s\n%s", code, errOut, index)
	}
}
