package hunks

import (
	"os"
	"strings"
	"testing"
)

func parseFile(t *testing.T, name string) *Map {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCommentable(t *testing.T) {
	m := parseFile(t, "testdata/change.patch")
	for _, c := range []struct {
		path       string
		start, end int
		want       bool
	}{
		{"kv.go", 9, 11, true},       // the added lines
		{"kv.go", 1, 0, true},        // a context line of the first hunk
		{"kv.go", 11, 11, true},      // its last line
		{"kv.go", 12, 0, false},      // after it
		{"kv.go", 44, 48, true},      // the second hunk, context only around a deletion
		{"kv.go", 10, 45, false},     // start and end in different hunks
		{"kv.go", 30, 0, false},      // between hunks
		{"kv.go", 83, 0, false},      // a hunk that only deletes has no new side
		{"kv.go", 0, 3, false},       // no line 0
		{"new.go", 3, 4, true},       // a rename: its new path
		{"old.go", 3, 0, false},      // not its old one
		{"gone.go", 1, 0, false},     // deleted
		{"img.png", 1, 0, false},     // binary
		{"sp ace\tq.go", 1, 2, true}, // a quoted path
		{"missing.go", 1, 0, false},
	} {
		if got := m.Commentable(c.path, c.start, c.end); got != c.want {
			t.Errorf("Commentable(%q, %d, %d) = %v, want %v", c.path, c.start, c.end, got, c.want)
		}
	}
	if rg, ok := m.Hunk("kv.go", 46, 0); !ok || rg != (Range{44, 48}) {
		t.Errorf("Hunk(kv.go, 46) = %v, %v", rg, ok)
	}
	var nilMap *Map
	if nilMap.Commentable("kv.go", 1, 1) || len(nilMap.Ranges("kv.go")) != 0 {
		t.Error("a nil map has lines")
	}
}

// TestParseBounds shows the size bound: a diff one byte over MaxDiff is
// refused, not parsed.
func TestParseBounds(t *testing.T) {
	head := "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1,1 @@\n+"
	big := head + strings.Repeat("x", MaxDiff-len(head)) + "\n"
	if _, err := Parse(strings.NewReader(big)); err == nil {
		t.Error("a diff over MaxDiff was parsed")
	}
	if m, err := Parse(strings.NewReader(head + "x\n")); err != nil || !m.Commentable("a", 1, 1) {
		t.Errorf("a small diff: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, bad := range []string{
		"diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n+only one line\n",
		"diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n?x\n",
	} {
		if _, err := Parse(strings.NewReader(bad)); err == nil {
			t.Errorf("parsed %q", bad)
		}
	}
	m, err := Parse(strings.NewReader(""))
	if err != nil || m.Commentable("a", 1, 1) {
		t.Errorf("an empty diff: %v", err)
	}
}

// FuzzParse feeds Parse untrusted diffs: it must not panic, and what it
// returns must be ranges GitHub could take (positive, ordered).
func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile("testdata/change.patch")
	f.Add(string(seed))
	f.Add("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +9223372036854775807,9223372036854775807 @@\n x\n")
	f.Add("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+\\ No newline at end of file\n")
	f.Fuzz(func(t *testing.T, diff string) {
		m, err := Parse(strings.NewReader(diff))
		if err != nil {
			return
		}
		for path, rs := range m.files {
			for _, r := range rs {
				if r.Start < 1 || r.End < r.Start {
					t.Fatalf("%q: range %v", path, r)
				}
				if !m.Commentable(path, r.Start, r.End) {
					t.Fatalf("%q: its own range %v is not commentable", path, r)
				}
			}
		}
	})
}
