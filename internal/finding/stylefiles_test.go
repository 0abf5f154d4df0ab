package finding

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStyleFiles parses the synthetic reviews of testdata/styles, one per
// class of layout real agents write (fence-wrapped, indented, tables
// followed by rules, consecutive entries, fenced entries, unclosed fences,
// every tag position, every location form, placeholders and inline labels,
// coverage variants, worded entries), and compares a plain description of
// each parse with its .want file (regenerate with -update, then read it).
func TestStyleFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/styles/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no style files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(file, src)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(r)
			want := strings.TrimSuffix(file, ".md") + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(w) {
				t.Errorf("parse of %s differs from %s:\n%s", file, want, got)
			}
		})
	}
}

// describe is a plain, line-per-item description of a parse.
func describe(r *Review) string {
	var b strings.Builder
	if r.Summary != "" {
		fmt.Fprintf(&b, "summary %q\n", short(r.Summary))
	}
	for _, f := range r.Findings {
		var locs []string
		for _, l := range f.Locations {
			locs = append(locs, formatLocation(l))
		}
		fmt.Fprintf(&b, "finding %s %s kind=%q %q at [%s]\n", f.ID, f.Severity, f.Kind, f.Title, strings.Join(locs, " "))
		if f.Body != "" {
			fmt.Fprintf(&b, "  body %q\n", short(f.Body))
		}
		if f.Fix != "" {
			fmt.Fprintf(&b, "  fix %q\n", short(f.Fix))
		}
	}
	for _, o := range r.DesignObservations {
		fmt.Fprintf(&b, "design %s scope=%q %q\n", o.Kind, o.Scope, short(o.Text))
	}
	for _, l := range r.AcknowledgedLimitations {
		fmt.Fprintf(&b, "limitation %q\n", short(l))
	}
	for _, c := range r.Coverage {
		fmt.Fprintf(&b, "coverage %s %s %v %q\n", c.Path, c.Status, c.FindingIDs, c.Note)
	}
	for _, s := range r.Other {
		fmt.Fprintf(&b, "other %q %q\n", s.Title, short(s.Text))
	}
	return b.String()
}

func short(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}
