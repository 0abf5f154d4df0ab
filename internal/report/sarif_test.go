package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/deepreview/deepreview/internal/finding"
)

// TestLineHashes checks the line hash against the test vectors of
// GitHub's upload action (github/codeql-action, src/fingerprints.test.ts):
// the hash code scanning computes when a result has none, so results
// that carry ours are tracked the same way.
func TestLineHashes(t *testing.T) {
	tail := "c129715d7a2bc9a3:1" // the hash of the line after a final newline
	hello := []string{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", tail}
	tests := []struct {
		input string
		want  []string
	}{
		{"", []string{tail}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", []string{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", hello},
		{" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", hello},
		{" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", hello},
		{" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", hello},
		{strings.Repeat("Lorem ipsum dolor sit amet.\n", 10), []string{
			"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5",
			"a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", tail}},
		{"x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", []string{
			"e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
			"54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", tail}},
	}
	for _, tt := range tests {
		var got []string
		lineHashes([]byte(tt.input), func(line int, hash string) {
			if line != len(got)+1 {
				t.Errorf("%q: line %d reported after %d lines", tt.input, line, len(got))
			}
			got = append(got, hash)
		})
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.input, got, tt.want)
		}
	}
}

// sarifReport is a round-2 report touching every SARIF mapping.
func sarifReport() *Report {
	return &Report{
		ID: "20260101-120000-pr-7", Round: 2, ToolVersion: "v1.2.0+1a2b3c4d5e6f",
		Findings: []Finding{
			{ID: "C1", Severity: finding.Critical, Kind: "regression", Title: "Lost write", Body: "Body.", Fix: "Fix: lock.",
				Locations: []finding.Location{{Path: "pkg/a.go", StartLine: 2, EndLine: 3}, {Path: "b.go"}},
				Agents:    []string{"claude", "codex"}, Status: "new", Fingerprint: "fp1",
				Sources: []Source{{Agent: "claude", ID: "I1", Severity: finding.Important}, {Agent: "codex", ID: "C1", Severity: finding.Critical}}},
			{ID: "I1", Severity: finding.Important, Kind: "robustness", Title: "Kind an agent invented",
				Locations: []finding.Location{{Path: "dir with space/c.go", StartLine: 1}}, Agents: []string{"gemini"},
				Status: "open", Fingerprint: "fp2", Sources: []Source{{Agent: "gemini", ID: "I1", Severity: finding.Important}}},
			{ID: "S1", Severity: finding.Suggestion, Title: "Untagged", Locations: []finding.Location{{Path: "pkg/a.go", StartLine: 1}},
				Agents: []string{"codex"}, Status: "open", Fingerprint: "fp3", Sources: []Source{{Agent: "codex", ID: "S1", Severity: finding.Suggestion}}},
			{ID: "S2", Severity: finding.Suggestion, Kind: "gap", Title: "No location", Locations: []finding.Location{}},
		},
		Dropped: []Dropped{{Agent: "gemini", ID: "C1", Title: "Wrong", Reason: "the lock is taken by the caller"},
			{Agent: "gemini", ID: "S9", Reason: "not in the review"}},
		Previous: []PreviousFinding{
			{ID: "I4", Fingerprint: "old2", Status: "open", NowID: "I1"},
			{ID: "S2", Fingerprint: "fp3", Status: "open", NowID: "S1"},
			{ID: "I7", Status: "fixed"},
		},
		Appendix: []Original{{Agent: "gemini", Pass: 1, Text: "### Critical Issues\n\nC1. **Wrong** — `pkg/a.go:3` (critical, regression)\n\nBody.\n"}},
	}
}

func sarifTree() fstest.MapFS {
	return fstest.MapFS{"pkg/a.go": {Data: []byte("package a\n\nfunc F() {}\n")}}
}

func decodeSARIF(t *testing.T, r *Report, tree fstest.MapFS) map[string]any {
	t.Helper()
	var b bytes.Buffer
	var err error
	if tree == nil {
		err = SARIF(&b, r)
	} else {
		err = SARIFTree(&b, r, tree)
	}
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// get walks a decoded JSON value: get(v, "runs", 0, "results").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestSARIFResults(t *testing.T) {
	log := decodeSARIF(t, sarifReport(), sarifTree())
	run := get(log, "runs", 0)
	var rules []string
	for _, r := range get(run, "tool", "driver", "rules").([]any) {
		rules = append(rules, get(r, "id").(string))
		for _, field := range []string{"fullDescription", "help"} {
			if s, _ := get(r, field, "text").(string); s == "" {
				t.Errorf("rule %v has no %s", get(r, "id"), field)
			}
		}
	}
	if want := []string{"deepreview/regression", "deepreview/gap", "deepreview/enhancement", "deepreview/documentation", "deepreview/other"}; !slices.Equal(rules, want) {
		t.Errorf("rules %v, want the fixed set %v", rules, want)
	}
	if v := get(run, "tool", "driver", "version"); v != "v1.2.0+1a2b3c4d5e6f" {
		t.Errorf("driver version %v, want the report's tool version", v)
	}
	results := get(run, "results").([]any)
	type row struct{ rule, level, baseline, uri, hash string }
	var got []row
	for _, r := range results {
		s := func(path ...any) string { v, _ := get(r, path...).(string); return v }
		got = append(got, row{s("ruleId"), s("level"), s("baselineState"),
			s("locations", 0, "physicalLocation", "artifactLocation", "uri"), s("partialFingerprints", "primaryLocationLineHash")})
	}
	want := []row{
		{"deepreview/regression", "error", "new", "pkg/a.go", ""},
		{"deepreview/other", "warning", "updated", "dir%20with%20space/c.go", ""},
		{"deepreview/other", "note", "unchanged", "pkg/a.go", ""},
		{"deepreview/regression", "error", "", "pkg/a.go", ""},
	}
	hashes := map[int]string{}
	lineHashes(sarifTree()["pkg/a.go"].Data, func(l int, h string) { hashes[l] = h })
	want[0].hash, want[2].hash, want[3].hash = hashes[2], hashes[1], hashes[3]
	if diff := cmpRows(got, want); diff != "" {
		t.Error(diff)
	}
	if p := get(results[0], "properties"); get(p, "severity") != "critical" || get(p, "sources", 0, "severity") != "important" || get(p, "agents", 1) != "codex" {
		t.Errorf("properties %v: want the reconciled severity, each source's own, the agents", p)
	}
	if s := get(results[3], "suppressions", 0); get(s, "status") != "accepted" || get(s, "justification") != "the lock is taken by the caller" {
		t.Errorf("dropped finding's suppression %v", s)
	}
	if u := get(run, "properties", "unlocated"); !slices.Equal(toStrings(u), []string{"S2", "gemini:S9"}) {
		t.Errorf("unlocated %v, want S2 and the drop the appendix does not hold", u)
	}
	if f := get(run, "properties", "fixed"); !slices.Equal(toStrings(f), []string{"I7"}) {
		t.Errorf("fixed %v", f)
	}
	for _, r := range results {
		if get(r, "locations", 0) == nil {
			t.Errorf("result %v has no location: code scanning would reject the log", get(r, "message", "text"))
		}
	}
}

func cmpRows[T comparable](got, want []T) string {
	if slices.Equal(got, want) {
		return ""
	}
	var b strings.Builder
	for i := range max(len(got), len(want)) {
		var g, w any
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			b.WriteString("result " + string(rune('0'+i)) + ":\n got " + strings.TrimSpace(jsonText(g)) + "\nwant " + strings.TrimSpace(jsonText(w)) + "\n")
		}
	}
	return b.String()
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func toStrings(v any) []string {
	var out []string
	a, _ := v.([]any)
	for _, x := range a {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// TestSARIFNoTree: without a tree there is no line hash to give; the
// upload action computes it from its checkout.
func TestSARIFNoTree(t *testing.T) {
	log := decodeSARIF(t, sarifReport(), nil)
	if h := get(log, "runs", 0, "results", 0, "partialFingerprints", "primaryLocationLineHash"); h != nil {
		t.Errorf("hash %v without a tree", h)
	}
	if h := get(log, "runs", 0, "results", 0, "partialFingerprints", "deepreview/v1"); h != "fp1" {
		t.Errorf("deepreview fingerprint %v", h)
	}
}

func TestSARIFFinding(t *testing.T) {
	f := Finding{ID: "C1", Severity: finding.Critical, Title: "t", Fingerprint: "fp",
		Locations: []finding.Location{{Path: "a.go", StartLine: 5}, {Path: "b.go"}}}
	res, ok := sarifFinding(f, nil)
	if !ok || res.Level != "error" || res.RuleID != "deepreview/other" || res.PartialFingerprints["deepreview/v1"] != "fp" {
		t.Errorf("level %q rule %q fingerprints %v", res.Level, res.RuleID, res.PartialFingerprints)
	}
	if len(res.Locations) != 1 || *res.Locations[0].PhysicalLocation.Region != (sarifRegion{5, 5}) {
		t.Errorf("locations %+v, want a.go lines 5-5", res.Locations)
	}
	if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].PhysicalLocation.Region != nil {
		t.Errorf("related locations %+v, want b.go without a region", res.RelatedLocations)
	}
	for sev, want := range map[finding.Severity]string{finding.Important: "warning", finding.Suggestion: "note"} {
		if got := sarifLevel(sev); got != want {
			t.Errorf("sarifLevel(%s) = %q, want %q", sev, got, want)
		}
	}
}

// sarifSchemaFile is the official SARIF 2.1.0 schema: the file named by
// $DEEPREVIEW_SARIF_SCHEMA (to check against another revision), else the
// copy in testdata, which is the OASIS TC's
// sarif-2.1/schema/sarif-schema-2.1.0.json from github.com/oasis-tcs/
// sarif-spec at commit e0583813964ec43cea53b6b531b402866095ed1f, byte for
// byte (see testdata/sarif/README.md).
func sarifSchemaFile() string {
	if p := os.Getenv("DEEPREVIEW_SARIF_SCHEMA"); p != "" {
		return p
	}
	return filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json")
}

// TestSARIFSchema validates the SARIF of the golden reports and of the
// synthetic report against the official SARIF 2.1.0 schema.
func TestSARIFSchema(t *testing.T) {
	f, err := os.Open(sarifSchemaFile())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	reps := []*Report{sarifReport()}
	for _, p := range reports(t) {
		reps = append(reps, readReport(t, p))
	}
	for _, r := range reps {
		var b bytes.Buffer
		if err := SARIFTree(&b, r, sarifTree()); err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
	// The schema does catch what code scanning would choke on.
	bad := decodeSARIF(t, sarifReport(), nil)
	get(bad, "runs", 0, "results", 0).(map[string]any)["baselineState"] = "fixed"
	if err := sch.Validate(bad); err == nil {
		t.Error("a baselineState outside new, unchanged, updated, absent passed the schema")
	}
}
