package consolidate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// checkout makes a real git repository with a committed file and returns
// its work tree.
func checkout(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("package watcher\n\n")
	for i := range 20 {
		fmt.Fprintf(&src, "// filler %d\n", i)
	}
	src.WriteString("func (w *watcher) removeActionAnnotation() error {\n" +
		"\tpatch := client.MergeFrom(latest.DeepCopy())\n" +
		"\tdelete(latest.Annotations, containersv1alpha1.AnnotationAction)\n" +
		"\treturn w.k8s.Patch(ctx, &latest, patch)\n}\n")
	for i := range 40 {
		fmt.Fprintf(&src, "// more %d\n", i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "pkg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pkg", "watcher.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

func TestLocationCheck(t *testing.T) {
	tree := checkout(t)
	// The excerpt sits at lines 24-26 of pkg/watcher.go (67 lines in all).
	tests := []struct {
		name   string
		locs   []finding.Location
		body   string
		status string
		detail string
	}{
		{"at the cited lines", loc("pkg/watcher.go", 23, 27), raceBody, Verified, "quoted code found at pkg/watcher.go:24-26"},
		{"within slack", loc("pkg/watcher.go", 30, 32), raceBody, Verified, "found at pkg/watcher.go:24-26"},
		{"moved", loc("pkg/watcher.go", 55, 60), raceBody, Moved, "quoted code found at pkg/watcher.go:24-26 (cited 55-60)"},
		{"lines beyond the end, code elsewhere", loc("pkg/watcher.go", 400, 420), raceBody, Moved, "found at pkg/watcher.go:24-26 (cited 400-420)"},
		{"lines beyond the end, no code", loc("pkg/watcher.go", 400, 420), "no excerpt", Unverified, "pkg/watcher.go has 67 lines, cited 400-420"},
		{"missing file", loc("pkg/gone.go", 1, 2), raceBody, Unverified, "pkg/gone.go does not exist"},
		{"outside the tree", loc("../etc/passwd", 1, 2), raceBody, Unverified, "not a path inside the tree"},
		{"code not there", loc("pkg/watcher.go", 23, 27), "```go\nfunc somethingElse() {}\nreturn nil\n```", Unverified, "quoted code not found in pkg/watcher.go"},
		{"diff blocks are not excerpts", loc("pkg/watcher.go", 23, 27), "```diff\n-func somethingElse() {}\n```", Verified, "no code quoted"},
		{"whole file", loc("pkg/watcher.go", 0, 0), raceBody, Verified, "found at pkg/watcher.go:24-26"},
		{"second location holds the code", []finding.Location{{Path: "pkg/gone.go", StartLine: 1, EndLine: 1}, {Path: "pkg/watcher.go", StartLine: 24, EndLine: 26}}, raceBody, Verified, "found at pkg/watcher.go:24-26"},
		{"elided excerpt", loc("pkg/watcher.go", 23, 27), "```go\npatch := client.MergeFrom(latest.DeepCopy())\n// ...\nreturn w.k8s.Patch(ctx, &latest, patch)\n```", Verified, "found at pkg/watcher.go:24-26"},
		{"no location", nil, raceBody, Unverified, "no location given"},
		{"symlink out of the tree", loc("key.go", 1, 1), "```go\nCANARY\n```", Unverified, "key.go"},
	}
	// A link the change commits to a file outside the tree: read through
	// it, the check would compare (and so disclose) the file's contents.
	canary := filepath.Join(t.TempDir(), "id_rsa")
	if err := os.WriteFile(canary, []byte("CANARY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(canary, filepath.Join(tree, "key.go")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := newFileCache(tree, finding.Files{})
			defer files.close()
			f := &report.Finding{Locations: tt.locs, Body: tt.body}
			got := check(files, f.Locations, excerptOf(f, nil))
			if got.Status != tt.status || !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("check = %+v, want %s containing %q", got, tt.status, tt.detail)
			}
		})
	}
}

func TestLocationCheckInReport(t *testing.T) {
	tree := checkout(t)
	in := reviews()
	for i := range in {
		if in[i].Review == nil {
			continue
		}
		for j := range in[i].Review.Findings {
			f := &in[i].Review.Findings[j]
			for k := range f.Locations {
				f.Locations[k].Path = "pkg/" + f.Locations[k].Path
			}
		}
	}
	r := consolidate(t, Input{Reviews: in, Tree: tree})
	for _, f := range r.Findings {
		want := map[string]string{
			"C1": Moved,    // cited 3-8 and 4-6, found at 24-26
			"I2": Verified, // no excerpt, lines 40-44 exist
		}[f.ID]
		if want == "" {
			want = Unverified // the other files do not exist
		}
		if f.LocationCheck.Status != want {
			t.Errorf("%s: %+v, want %s", f.ID, f.LocationCheck, want)
		}
	}
	r = consolidate(t, Input{Reviews: reviews()})
	if c := r.Findings[0].LocationCheck; c.Status != Unverified || c.Detail != "no tree to check against" {
		t.Errorf("no tree: %+v", c)
	}
}
