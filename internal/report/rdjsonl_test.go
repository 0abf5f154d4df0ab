package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/reviewdog/reviewdog/parser"
	"github.com/reviewdog/reviewdog/proto/rdf"
)

// TestRDJSONLGolden pins the rdjsonl of every testdata report.
func TestRDJSONLGolden(t *testing.T) {
	for name, path := range reports(t) {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := RDJSONL(&b, readReport(t, path)); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".rdjsonl", b.Bytes())
		})
	}
}

// readRD parses rdjsonl with reviewdog's own parser, as `reviewdog
// -f=rdjsonl` does.
func readRD(t testing.TB, b []byte) []*rdf.Diagnostic {
	t.Helper()
	ds, err := parser.NewRDJSONLParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reviewdog rejects the rdjsonl: %v", err)
	}
	return ds
}

// TestRDJSONLReviewdogReads reads every testdata report's rdjsonl back
// with reviewdog's parser and checks each diagnostic against its finding.
func TestRDJSONLReviewdogReads(t *testing.T) {
	for name, path := range reports(t) {
		r := readReport(t, path)
		var b bytes.Buffer
		if err := RDJSONL(&b, r); err != nil {
			t.Fatal(err)
		}
		ds := readRD(t, b.Bytes())
		if len(ds) != len(r.Findings) {
			t.Fatalf("%s: %d diagnostics for %d findings", name, len(ds), len(r.Findings))
		}
		for i, f := range r.Findings {
			checkDiagnostic(t, name, f, ds[i])
		}
	}
}

func checkDiagnostic(t *testing.T, name string, f Finding, d *rdf.Diagnostic) {
	t.Helper()
	want := map[finding.Severity]rdf.Severity{finding.Critical: rdf.Severity_ERROR, finding.Important: rdf.Severity_WARNING, finding.Suggestion: rdf.Severity_INFO}
	if d.GetSeverity() != want[f.Severity] {
		t.Errorf("%s %s: severity %v for %s", name, f.ID, d.GetSeverity(), f.Severity)
	}
	if d.GetSource().GetName() != "deepreview" || d.GetCode().GetValue() != f.Kind {
		t.Errorf("%s %s: source %v code %v, want deepreview and %q", name, f.ID, d.GetSource(), d.GetCode(), f.Kind)
	}
	if !strings.HasPrefix(d.GetMessage(), "**"+f.ID+". ") || !strings.Contains(d.GetMessage(), strings.TrimSpace(f.Title)) {
		t.Errorf("%s %s: message %.80q", name, f.ID, d.GetMessage())
	}
	if len(f.Locations) == 0 {
		if d.GetLocation() != nil {
			t.Errorf("%s %s: a location for a finding without one: %v", name, f.ID, d.GetLocation())
		}
		return
	}
	l, got := f.Locations[0], d.GetLocation()
	if got.GetPath() != l.Path || int(got.GetRange().GetStart().GetLine()) != l.StartLine {
		t.Errorf("%s %s: location %v, want %+v", name, f.ID, got, l)
	}
	if end := got.GetRange().GetEnd(); l.EndLine > l.StartLine && int(end.GetLine()) != l.EndLine {
		t.Errorf("%s %s: end %v, want line %d", name, f.ID, end, l.EndLine)
	}
	if n := len(d.GetRelatedLocations()); n != min(len(f.Locations)-1, maxRDRelated) {
		t.Errorf("%s %s: %d related locations for %d locations", name, f.ID, n, len(f.Locations))
	}
}

// TestRDJSONLLongFinding shows why messages are cut: reviewdog reads a
// line of at most 64 KiB, and one finding longer than that made it reject
// every diagnostic of the review.
func TestRDJSONLLongFinding(t *testing.T) {
	long := strings.Repeat("\x01 a nil map write <panics> ", 4000) // escaped: >300 KB
	r := &Report{ID: "x", Findings: []Finding{
		{ID: "C1", Severity: finding.Critical, Kind: "regression", Title: "long", Body: long,
			Locations: []finding.Location{{Path: "kv.go", StartLine: 9, EndLine: 11}}},
		{ID: "S1", Severity: finding.Suggestion, Title: "short", Locations: []finding.Location{{Path: "kv.go"}}},
	}}
	var b bytes.Buffer
	if err := RDJSONL(&b, r); err != nil {
		t.Fatal(err)
	}
	ds := readRD(t, b.Bytes())
	if len(ds) != 2 || !strings.HasSuffix(ds[0].GetMessage(), "…") || ds[1].GetMessage() != "**S1. short**" {
		t.Fatalf("diagnostics %v", ds)
	}
	// Without the cap, reviewdog's scanner stops at the long line and,
	// not checking its error, silently drops that diagnostic and every one
	// after it.
	var uncut bytes.Buffer
	enc := json.NewEncoder(&uncut)
	for _, f := range r.Findings {
		d := rdFinding(f)
		d.Message = "**" + f.ID + "**\n\n" + f.Body
		enc.Encode(d)
	}
	if ds, err := parser.NewRDJSONLParser().Parse(&uncut); err == nil && len(ds) == 2 {
		t.Error("reviewdog read a line over 64 KiB; the cap is not needed")
	}
}

// TestRDJSONLSuggestion gives reviewdog the fix as a line-wise suggestion
// when it is a clean replacement of the cited lines (report.Suggestion's
// rule, the one inline comments use), and never one that would make the
// line too long for reviewdog to read.
func TestRDJSONLSuggestion(t *testing.T) {
	verified := LocationCheck{Status: LocationVerified}
	at := []finding.Location{{Path: "kv.go", StartLine: 9, EndLine: 11}}
	code := "func Put(k, v string) {\n\tstore[k] = v\n}"
	huge := strings.Repeat(`\`, 40000) // escaped: 80 KB
	r := &Report{ID: "x", Findings: []Finding{
		{ID: "I1", Severity: finding.Important, Title: "nil map", Fix: "```go\n" + code + "\n```", Locations: at, LocationCheck: verified},
		{ID: "I2", Severity: finding.Important, Title: "unverified", Fix: "```go\n" + code + "\n```", Locations: at},
		{ID: "I3", Severity: finding.Important, Title: "diff", Fix: "```diff\n-a\n+b\n```", Locations: at, LocationCheck: verified},
		{ID: "I4", Severity: finding.Important, Title: "huge", Fix: "```\n" + huge + "\n```", Locations: at, LocationCheck: verified},
	}}
	var b bytes.Buffer
	if err := RDJSONL(&b, r); err != nil {
		t.Fatal(err)
	}
	ds := readRD(t, b.Bytes())
	if len(ds) != 4 {
		t.Fatalf("%d diagnostics, want 4", len(ds))
	}
	s := ds[0].GetSuggestions()
	if len(s) != 1 || s[0].GetText() != code || s[0].GetRange().GetStart().GetLine() != 9 || s[0].GetRange().GetEnd().GetLine() != 11 ||
		s[0].GetRange().GetStart().GetColumn() != 0 {
		t.Errorf("I1: suggestions %v, want %q on lines 9-11", s, code)
	}
	for _, d := range ds[1:] {
		if len(d.GetSuggestions()) != 0 {
			t.Errorf("%.20s: a suggestion %v", d.GetMessage(), d.GetSuggestions())
		}
	}
	// I4's fix is a clean replacement; kept, its line would be over
	// reviewdog's limit.
	d := rdFinding(r.Findings[3])
	line, _ := json.Marshal(d)
	if len(d.Suggestions) != 1 || len(line) <= maxRDLine {
		t.Errorf("the huge suggestion would fit (%d bytes, %d suggestions): the test shows nothing", len(line), len(d.Suggestions))
	}
}

// FuzzRDJSONL writes findings of any text and reads them back with
// reviewdog: every message survives byte for byte (below the cap).
func FuzzRDJSONL(f *testing.F) {
	f.Add("`Put` writes to a nil map", "The map is never made.\n\n```go\nstore[k] = v\n```", "make it", "kv.go")
	f.Add("nil map", "", "```go\nstore := map[string]string{}\n```", "kv.go")
	f.Add("\"quotes\" \\ </script>", "\u2028line\u2029sep\x00", "", "a b/c.go")
	f.Fuzz(func(t *testing.T, title, body, fix, path string) {
		if !utf8.ValidString(path) {
			t.Skip() // encoding/json replaces each bad byte; paths come from git, in UTF-8
		}
		fd := Finding{ID: "I1", Severity: finding.Important, Title: title, Body: body, Fix: fix,
			Locations: []finding.Location{{Path: path, StartLine: 3, EndLine: 4}}, LocationCheck: LocationCheck{Status: LocationVerified}}
		var b bytes.Buffer
		if err := RDJSONL(&b, &Report{Findings: []Finding{fd}}); err != nil {
			t.Fatal(err)
		}
		if bytes.Count(b.Bytes(), []byte("\n")) != 1 {
			t.Fatalf("not one line: %q", b.String())
		}
		ds := readRD(t, b.Bytes())
		if len(ds) != 1 || ds[0].GetMessage() != rdMessage(fd) || ds[0].GetLocation().GetPath() != path {
			t.Fatalf("read back %v, want message %q", ds, rdMessage(fd))
		}
		// A suggestion, when written, is the fix's code as it was.
		if s := ds[0].GetSuggestions(); len(s) > 0 {
			if code, ok := Suggestion(fd); !ok || s[0].GetText() != strings.ToValidUTF8(code, "\uFFFD") {
				t.Fatalf("suggestion %q, want %q (%v)", s[0].GetText(), code, ok)
			}
		}
	})
}
