package consolidate

import (
	"encoding/json"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

// FuzzDecision feeds arbitrary consolidator answers to the decision
// parser: it must reject or accept them without panicking, and whatever it
// accepts must pass the accounting check.
func FuzzDecision(f *testing.F) {
	good, _ := json.Marshal(goodDecision())
	f.Add(string(good))
	f.Add("```json\n" + string(good) + "\n```")
	f.Add(`{"clusters":[{"findings":["x"],"severity":"critical","severity_reason":"","title":""}]}`)
	f.Add("no json at all {")
	srcs, items, err := collect(reviews())
	if err != nil {
		f.Fatal(err)
	}
	proposed := proposal(items, finding.Files{})
	f.Fuzz(func(t *testing.T, answer string) {
		p, err := parseDecision(answer, srcs, items, proposed)
		if err != nil {
			return
		}
		if err := checkPlan(items, p); err != nil {
			t.Fatalf("accepted a decision that breaks the accounting: %v", err)
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
