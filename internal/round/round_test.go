package round

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// tree writes files into a new folder and returns it as an fs.FS.
func tree(t testing.TB, files map[string]string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func at(id, title, path string, line int) report.Finding {
	return report.Finding{ID: id, Title: title, Severity: finding.Important,
		Locations: []finding.Location{{Path: path, StartLine: line, EndLine: line}}}
}

const serverV1 = `package server

func Serve() {
	f, _ := os.Open(name)
	defer f.Close()
	x := compute()
	return x
}
`

// serverV2 moved everything down three lines, dropped compute and changed
// the Open line.
const serverV2 = `package server

// Serve serves.
// It is documented now.

func Serve() {
	f, _ := os.OpenFile(name, os.O_RDONLY, 0)
	defer f.Close()
	return nil
}
`

func TestCompare(t *testing.T) {
	v1 := os.DirFS(tree(t, map[string]string{"server/server.go": serverV1, "old/gone.go": "package old\nvar x = 1\n"}))
	v2 := os.DirFS(tree(t, map[string]string{"server/server.go": serverV2}))

	prev := []report.Finding{
		at("I1", "Close error ignored", "server/server.go", 5),          // same code, moved to line 8
		at("I2", "compute result unused", "server/server.go", 6),        // code removed
		at("S1", "x is global", "old/gone.go", 2),                       // file deleted
		at("I3", "Open error ignored", "./server/server.go", 4),         // code changed, same defect
		{ID: "S2", Title: "No tests for Serve", Severity: "suggestion"}, // no location
	}
	Stamp(prev, v1)
	cur := []report.Finding{
		at("I1", "`Close` error ignored!", "server/server.go", 8),
		at("I2", "open error ignored", "server/server.go", 7),
		at("S1", "Doc comment has a blank line before func", "server/server.go", 4),
	}
	got := Compare(prev, cur, v2)

	want := []string{"I1 open I1", "I2 fixed ", "S1 not-applicable ", "I3 open I2", "S2 fixed "}
	for i, pf := range got {
		if s := fmt.Sprintf("%s %s %s", pf.ID, pf.Status, pf.NowID); i >= len(want) || s != want[i] {
			t.Errorf("previous %d = %q, want %q", i, s, want[i])
		}
		if pf.Fingerprint != prev[i].Fingerprint || pf.Title != prev[i].Title {
			t.Errorf("previous %d lost its fingerprint or title: %+v", i, pf)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d previous findings, want %d", len(got), len(want))
	}
	for i, status := range []string{Open, Open, New} {
		if cur[i].Status != status || cur[i].Fingerprint == "" {
			t.Errorf("current %s: status %q fingerprint %q, want %q", cur[i].ID, cur[i].Status, cur[i].Fingerprint, status)
		}
	}
	if cur[0].Fingerprint != prev[0].Fingerprint {
		t.Error("moved code with the same title has a new fingerprint")
	}
}

func TestFingerprint(t *testing.T) {
	dir := tree(t, map[string]string{"a.go": "x := 1\n\tdefer   f.Close()  \n", "b.go": "defer f.Close()\n"})
	fsys := os.DirFS(dir)
	base := Fingerprint(at("I1", "Close error ignored", "a.go", 2), fsys)
	same := []report.Finding{
		at("I9", "close ERROR ignored.", "a.go", 2),      // title case and punctuation
		at("I1", "Close error ignored", "./a.go", 2),     // path spelling
		at("I1", "Close error ignored", "b.go", 1),       // another file: different
		at("I1", "Close error ignored", "a.go", 1),       // another line: different
		at("I1", "Close error not checked", "a.go", 2),   // another title: different
		at("I1", "Close error ignored", "a.go", 99),      // past the end: empty line
		at("I1", "Close error ignored", "missing.go", 2), // missing file: empty line
	}
	wantSame := []bool{true, true, false, false, false, false, false}
	for i, f := range same {
		if got := Fingerprint(f, fsys) == base; got != wantSame[i] {
			t.Errorf("%+v: same fingerprint = %v, want %v", f.Locations[0], got, wantSame[i])
		}
	}
	if len(base) != 16 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Errorf("fingerprint %q is not 16 hex digits", base)
	}
	// Without a tree the line is unknown but a fingerprint still comes out.
	if Fingerprint(at("I1", "t", "a.go", 2), nil) == "" {
		t.Error("empty fingerprint without a tree")
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Add("a.go", "Close error ignored", 2, "x\n  defer f.Close()\n")
	f.Add("../../etc/passwd", "", -1, "")
	f.Add("/", "`x`", 0, "\n\n\n")
	f.Fuzz(func(t *testing.T, path, title string, line int, text string) {
		fsys := fstest.MapFS{"a.go": {Data: []byte(text)}}
		fd := at("I1", title, path, line)
		if Fingerprint(fd, fsys) != Fingerprint(fd, fsys) {
			t.Error("fingerprint is not deterministic")
		}
		cur := []report.Finding{fd}
		if got := Compare([]report.Finding{fd}, cur, fsys); len(got) != 1 {
			t.Errorf("Compare returned %d", len(got))
		}
	})
}

func BenchmarkCompare(b *testing.B) {
	var src strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&src, "line %d of code\n", i)
	}
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("pkg/f%d.go", i)] = src.String()
	}
	fsys := os.DirFS(tree(b, files))
	var prev, cur []report.Finding
	for i := range 100 {
		p := fmt.Sprintf("pkg/f%d.go", i%20)
		prev = append(prev, at(fmt.Sprint("I", i), fmt.Sprint("defect number ", i), p, i*7))
		cur = append(cur, at(fmt.Sprint("I", i), fmt.Sprint("defect number ", i+50), p, i*7+3))
	}
	Stamp(prev, fsys)
	b.ReportAllocs()
	for b.Loop() {
		Compare(prev, cur, fsys)
	}
}

func TestVerify(t *testing.T) {
	prev := []report.PreviousFinding{
		{ID: "I1", Status: Fixed},             // all say fixed
		{ID: "I2", Status: Fixed},             // nobody judged it
		{ID: "S1", Status: Open, NowID: "S4"}, // reported again, though one says fixed
		{ID: "S2", Status: Fixed},             // a tie: the least favourable wins
		{ID: "S3", Status: NotApplicable},     // file gone, nobody judged
		{ID: "C1", Status: Fixed},             // judged by a failed agent only
		{ID: "I3", Status: Fixed},             // majority partly fixed
	}
	originals := []report.Original{
		{Agent: "claude", Text: "## Previous Findings\n- I1: fixed — map made\n- S1: fixed\n- S2: fixed\n- I3: partly fixed — Delete unlocked\n"},
		{Agent: "codex", Text: "## Previous Findings\n- I1: fixed — kv.go:9 makes it\n- S2: not fixed — still there\n- I3: partly fixed\n- I3: fixed — a second verdict\n"},
		{Agent: "claude", Pass: 2, Text: "## Previous Findings\n- I2: fixed\n"}, // a second pass counts once
		{Agent: "gemini", Error: "exit status 1", Text: "## Previous Findings\n- C1: fixed\n"},
		{Agent: "gemini2", Text: "## Previous Findings\n- I3: fixed\n"},
	}
	Verify(prev, originals)
	var got []string
	for _, p := range prev {
		got = append(got, fmt.Sprintf("%s %s %d", p.ID, p.Status, len(p.Verdicts)))
	}
	want := "I1 fixed 2|I2 fixed 1|S1 open 1|S2 open 2|S3 not-applicable 0|C1 unverified 0|I3 partly-fixed 3"
	if strings.Join(got, "|") != want {
		t.Errorf("statuses:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}
