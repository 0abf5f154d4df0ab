package finding

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParsePreviousFindings(t *testing.T) {
	text := "## Executive Summary\n\nThe author fixed most of it.\n\n" +
		"- I9: fixed — this is the summary, not the section\n\n" +
		"## Previous Findings\n\n" +
		"- I1: fixed — `Put` now makes the map (kv.go:9)\n" +
		"- **S1** — not fixed: still no doc comment on `Get`\n" +
		"* C2: partly fixed. The lock covers Put but not Delete.\n" +
		"1. s3 - No longer applies (the file is gone)\n" +
		"- I4: still open\n" +
		"- I5: fixedness is a word — unreadable\n" +
		"- I1: not fixed — a second verdict for I1 is ignored\n" +
		"```\n- I6: fixed — inside a fence\n```\n" +
		"## Findings\n\n- I7: fixed — after the section\n"
	got := ParsePreviousFindings(text)
	var lines []string
	for _, v := range got {
		lines = append(lines, fmt.Sprintf("%s %s %q", v.ID, v.Verdict, v.Evidence))
	}
	want := []string{
		`I1 fixed "` + "`Put`" + ` now makes the map (kv.go:9)"`,
		`S1 not-fixed "still no doc comment on ` + "`Get`" + `"`,
		`C2 partly-fixed "The lock covers Put but not Delete."`,
		`S3 no-longer-applies "(the file is gone)"`,
		`I4 not-fixed ""`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("verdicts:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if v := ParsePreviousFindings("## Previous Findings\n- I1: fixed — " + strings.Repeat("é", 1000)); len(v) != 1 || len(v[0].Evidence) > maxEvidence+len("…") || !utf8.ValidString(v[0].Evidence) {
		t.Errorf("long evidence not cut at a rune: %d bytes", len(v[0].Evidence))
	}
}

func FuzzParsePreviousFindings(f *testing.F) {
	f.Add("## Previous Findings\n- I1: fixed — ok\n- S2: not fixed\n")
	f.Add("### Previous Round Findings\n* **C1** — partly fixed: x\n```\n- I2: fixed\n```\n")
	f.Add("## Previous Findings\n1. s3 - No longer applies\n## Findings\n- I1: fixed\n")
	f.Fuzz(func(t *testing.T, text string) {
		seen := map[string]bool{}
		for _, v := range ParsePreviousFindings(text) {
			switch v.Verdict {
			case VerdictFixed, VerdictNotFixed, VerdictPartlyFixed, VerdictNoLonger:
			default:
				t.Fatalf("verdict %q", v.Verdict)
			}
			if seen[v.ID] || len(v.ID) < 2 || len(v.Evidence) > maxEvidence+len("…") || strings.ContainsAny(v.Evidence, "\n") {
				t.Fatalf("verdict %+v", v)
			}
			if utf8.ValidString(text) && !utf8.ValidString(v.Evidence) {
				t.Fatalf("evidence %q is not valid UTF-8", v.Evidence)
			}
			seen[v.ID] = true
		}
	})
}
