package consolidate

import (
	"testing"
)

// FuzzTriage feeds arbitrary consolidator answers to the triage parser:
// it must reject or accept them without panicking; whatever it accepts
// decides only findings it asked about, gives every drop a reason, and
// names as the same defect only a finding of another agent; and
// merging the decisions keeps the accounting.
func FuzzTriage(f *testing.F) {
	for _, a := range goodAnswers(nil)["triage-claude"] {
		f.Add(a)
	}
	f.Add(`{"findings":[{"finding":"claude:I1","keep":false,"severity":"critical","severity_reason":"","title":"","same_as":"","drop_reason":"","false_positive":true}]}`)
	f.Add("no json at all {")
	srcs, items, err := collect(reviews())
	if err != nil {
		f.Fatal(err)
	}
	var mine []item
	for _, it := range items {
		if it.Agent == "claude" {
			mine = append(mine, it)
		}
	}
	_ = srcs
	f.Fuzz(func(t *testing.T, answer string) {
		dec, _, err := parseTriage(answer, mine, []string{"claude", "codex", "gemini"})
		if err != nil {
			return
		}
		for k, d := range dec {
			if k.Agent != "claude" || (!d.keep && d.dropReason == "") || d.sameAs.Agent == "claude" {
				t.Fatalf("accepted %s: %+v", k, d)
			}
		}
		all := make(map[key]triaged)
		for _, it := range items {
			all[it.key] = triaged{keep: true, severity: it.f.Severity}
		}
		for k, d := range dec {
			all[k] = d
		}
		if err := checkPlan(items, merge(items, all)); err != nil {
			t.Fatalf("decisions that break the accounting: %v", err)
		}
	})
}

// FuzzLocate looks for arbitrary excerpts in arbitrary files.
func FuzzLocate(f *testing.F) {
	f.Add(raceBody, "a\nb\npatch := client.MergeFrom(latest.DeepCopy())\n", 3)
	f.Add("```\n...\n```", "", 0)
	f.Fuzz(func(t *testing.T, body, text string, cited int) {
		ex := excerpt(body)
		var lines []string
		for _, l := range splitLines(text) {
			lines = append(lines, l)
		}
		start, end, ok := locate(lines, ex, cited)
		if ok && (start < 1 || end < start || end > len(lines)) {
			t.Fatalf("locate = %d-%d in %d lines", start, end, len(lines))
		}
	})
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// TestTriageIgnoresUnasked: an answer that also decides findings the call
// did not ask about (another call's share of the review, or a name it
// made up) is used for what was asked; those decisions are left out.
func TestTriageIgnoresUnasked(t *testing.T) {
	_, items, err := collect(reviews())
	if err != nil {
		t.Fatal(err)
	}
	var asked []item
	for _, it := range items {
		if it.key.String() == "gemini:C1" {
			asked = append(asked, it)
		}
	}
	answer := `{"findings": [` +
		`{"finding": "gemini:C1", "keep": true, "severity": "important", "severity_reason": "narrow window", "title": "", "same_as": "", "drop_reason": "", "false_positive": false},` +
		`{"finding": "gemini:S1", "keep": false, "severity": "suggestion", "severity_reason": "", "title": "", "same_as": "", "drop_reason": "dead code is harmless", "false_positive": false},` +
		`{"finding": "gemini:X9", "keep": true, "severity": "critical", "severity_reason": "", "title": "", "same_as": "", "drop_reason": "", "false_positive": false}]}`
	dec, bad, err := parseTriage(answer, asked, []string{"claude", "codex", "gemini"})
	if err != nil || len(bad) != 0 || len(dec) != 1 || dec[asked[0].key].severity != "important" {
		t.Errorf("dec %v, bad %v, err %v: want gemini:C1 alone decided", dec, bad, err)
	}
}
