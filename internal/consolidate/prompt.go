package consolidate

import (
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

type promptAgent struct{ Name, Label, Err, Text string }

func locations(locs []finding.Location) string {
	parts := make([]string, len(locs))
	for i, l := range locs {
		parts[i] = "`" + l.Path
		if l.StartLine > 0 {
			parts[i] += ":" + lines(l.StartLine, l.EndLine)
		}
		parts[i] += "`"
	}
	return strings.Join(parts, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
