package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/transcript"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "report.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	return s
}

func validateSchema(t *testing.T, s *jsonschema.Schema, name string, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s.Validate(v)
}

// TestSchema validates every testdata report and the JSON written from it.
func TestSchema(t *testing.T) {
	s := compileSchema(t)
	for name, path := range reports(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSchema(t, s, path, data); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		var out bytes.Buffer
		if err := JSON(&out, readReport(t, path)); err != nil {
			t.Fatal(err)
		}
		if err := validateSchema(t, s, name, out.Bytes()); err != nil {
			t.Errorf("JSON of %s: %v", name, err)
		}
	}
}

// TestSchemaAgreesWithValidate checks that ReadJSON rejects what the
// schema rejects: it validates with the schema itself.
func TestSchemaAgreesWithValidate(t *testing.T) {
	s := compileSchema(t)
	base, err := os.ReadFile(reports(t)["pr-316"])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, old, new string }{
		{"severity", `"severity": "important"`, `"severity": "major"`},
		{"decision", `"decision": "Merge with fixes"`, `"decision": "Ship it"`},
		{"location check", `"status": "verified"`, `"status": "checked"`},
		{"method", `"method": "agent"`, `"method": "llm"`},
		{"observation kind", `"kind": "concern"`, `"kind": "worry"`},
		{"scope", `"scope": "in-scope"`, `"scope": "now"`},
		{"round", `"round": 1`, `"round": 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(base, []byte(tt.old)) {
				t.Fatalf("testdata lacks %s", tt.old)
			}
			data := bytes.Replace(base, []byte(tt.old), []byte(tt.new), 1)
			if validateSchema(t, s, tt.name, data) == nil {
				t.Error("schema accepts it")
			}
			if _, err := ReadJSON(bytes.NewReader(data)); err == nil {
				t.Error("ReadJSON accepts it")
			}
		})
	}
}

// TestRoundTrip: JSON, ReadJSON and JSON again give the same bytes.
func TestRoundTrip(t *testing.T) {
	for name, path := range reports(t) {
		t.Run(name, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := JSON(&first, readReport(t, path)); err != nil {
				t.Fatal(err)
			}
			r, err := ReadJSON(bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := JSON(&second, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Error("second JSON differs from the first")
			}
		})
	}
}

// TestJSONLeavesInput checks that normalizing nil lists does not write
// into the caller's report.
func TestJSONLeavesInput(t *testing.T) {
	r := &Report{ID: "x", Round: 1, Findings: []Finding{{ID: "I1"}}}
	if err := JSON(new(bytes.Buffer), r); err != nil {
		t.Fatal(err)
	}
	if r.Findings[0].Locations != nil || r.Dropped != nil {
		t.Error("JSON changed its input")
	}
}

func TestReadJSONErrors(t *testing.T) {
	valid, err := os.ReadFile(reports(t)["pr-316"])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, input, want string }{
		{"empty", "", "empty input"},
		{"truncated", string(valid[:200]), "truncated"},
		{"syntax", "{\n  \"id\": \"x\",\n  \"round\": 1,,\n}", "line 3, column"},
		{"unknown field", `{"id": "x", "rounds": 2}`, `unknown field "rounds"`},
		{"wrong type", "{\n\"round\": \"two\"}", `line 2, column 15: field "round": cannot use JSON string as int`},
		{"trailing data", string(valid) + "{}", "data after the report"},
		{"bad enum", strings.Replace(string(valid), `"severity": "suggestion"`, `"severity": "nit"`, 1),
			`at '/findings/2/severity': value must be one of 'critical', 'important', 'suggestion'`},
		{"no id", `{"round": 1, "verdict": {"decision": "Merge as-is"}, "consolidation": {"method": "agent"}}`, "missing properties 'id'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", err, tt.want)
			}
		})
	}
}

// FuzzReadJSON is seeded with small reports: the fuzzer minimizes every
// new input it finds, and minimizing a 40 KB report stalls it for minutes.
func FuzzReadJSON(f *testing.F) {
	for _, r := range fuzzSeeds() {
		data, err := json.Marshal(normalized(r))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"id":"x","round":1,"findings":[{"severity":"critical","locations":[{"path":"a","start_line":-1}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever ReadJSON accepts, every printer must handle.
		for _, print := range []func(*bytes.Buffer, *Report) error{
			func(b *bytes.Buffer, r *Report) error { return Markdown(b, r) },
			func(b *bytes.Buffer, r *Report) error { return JSON(b, r) },
			func(b *bytes.Buffer, r *Report) error { return SARIF(b, r) },
		} {
			if err := print(new(bytes.Buffer), r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func BenchmarkPipeline(b *testing.B) {
	data, err := os.ReadFile(reports(b)["pr-316"])
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if err := Markdown(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// fuzzSeeds are small reports touching every part of the model.
func fuzzSeeds() []Report {
	loc := finding.Location{Path: "a.go", StartLine: 3, EndLine: 9}
	full := Report{
		ID: "20260101-120000-pr-7", Round: 2, Date: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC),
		Change: Change{Repo: "o/n", RepoURL: "https://github.com/o/n", PR: 7, Author: "me",
			Commits: []Commit{{SHA: "0123456789", Subject: "a | b"}}},
		WallClockMS: 61000,
		Verdict:     Verdict{Decision: MergeWithFixes, Reason: "why"},
		Findings: []Finding{{ID: "I1", Severity: finding.Important, Kind: "gap", Title: "**t**",
			Locations: []finding.Location{loc, {Path: "b.go"}}, Agents: []string{"claude", "codex"},
			Sources:       []Source{{Agent: "codex", ID: "C1", Severity: finding.Critical}},
			LocationCheck: LocationCheck{Status: "moved", Detail: "d"}, Body: "body", Fix: "Fix: x", Status: "open"}},
		Dropped:            []Dropped{{Agent: "codex", ID: "S1", Reason: "false positive"}},
		DesignObservations: []finding.DesignObservation{{Kind: "concern", Scope: "future", Text: "**c**: x", Agents: []string{"codex"}}},
		Retro: Retro{Agents: []AgentRetro{
			{Name: "claude", Model: "claude-opus-4-6", DurationMS: 5000, ToolCalls: transcript.ToolCalls{Total: 2, ByTool: map[string]int{"Read": 2}},
				CoverageMisses: []string{"x/a.go"}, Downgraded: 1},
			{Name: "codex", Error: "exit 1\n```"},
		}},
		Previous:      []PreviousFinding{{ID: "S1", Status: "fixed"}},
		Consolidation: Consolidation{Method: "deterministic", Fallback: "rejected"},
		Appendix:      []Original{{Agent: "claude", Pass: 1, Text: "## review"}, {Agent: "codex", Error: "boom"}},
	}
	return []Report{full, {ID: "x", Round: 1, Verdict: Verdict{Decision: MergeAsIs}, Consolidation: Consolidation{Method: "agent"}}}
}
