package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// reports are the hand-made reports of testdata, by name.
func reports(t testing.TB) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata reports: %v", err)
	}
	m := map[string]string{}
	for _, f := range files {
		m[strings.TrimSuffix(filepath.Base(f), ".json")] = f
	}
	return m
}

func readReport(t testing.TB, path string) *Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	printers := []struct {
		ext   string
		print func(*bytes.Buffer, *Report) error
	}{
		{"md", func(b *bytes.Buffer, r *Report) error { return Markdown(b, r) }},
		{"json", func(b *bytes.Buffer, r *Report) error { return JSON(b, r) }},
		{"sarif", func(b *bytes.Buffer, r *Report) error { return SARIF(b, r) }},
	}
	for name, path := range reports(t) {
		r := readReport(t, path)
		for _, p := range printers {
			t.Run(name+"."+p.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := p.print(&b, r); err != nil {
					t.Fatal(err)
				}
				golden(t, name+"."+p.ext, b.Bytes())
			})
		}
	}
}
