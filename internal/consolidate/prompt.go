package consolidate

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/deepreview/deepreview/internal/finding"
)

//go:embed prompt.md
var promptText string

var promptTemplate = template.Must(template.New("prompt").Parse(promptText))

type promptAgent struct{ Name, Label, Err, Text string }

type promptFinding struct{ Key, Severity, Kind, Title, Locations string }

type promptCluster struct {
	N       int
	Members []string
}

// prompt writes the consolidator's prompt: the rules, every finding by key,
// the proposed clusters, every review and the answer schema.
func prompt(srcs []Source, items []item, proposed []group) (string, error) {
	data := struct {
		Agents   []promptAgent
		Findings []promptFinding
		Clusters []promptCluster
		Schema   string
	}{Schema: strings.TrimSpace(string(Schema))}
	for i := range srcs {
		s := &srcs[i]
		text := s.Raw
		if strings.TrimSpace(text) == "" && s.Review != nil {
			text = reviewText(s.Review)
		}
		data.Agents = append(data.Agents, promptAgent{Name: s.Name, Label: s.label(), Err: s.Err, Text: strings.TrimSpace(text)})
	}
	for _, it := range items {
		data.Findings = append(data.Findings, promptFinding{
			Key: it.key.String(), Severity: string(it.f.Severity), Kind: it.f.Kind,
			Title: oneLine(it.f.Title), Locations: locations(it.f.Locations),
		})
	}
	for i, g := range proposed {
		c := promptCluster{N: i + 1}
		for _, k := range g.members {
			c.Members = append(c.Members, k.String())
		}
		data.Clusters = append(data.Clusters, c)
	}
	var b strings.Builder
	if err := promptTemplate.Execute(&b, data); err != nil {
		return "", fmt.Errorf("consolidator prompt: %w", err)
	}
	return b.String(), nil
}

// reviewText stands in for a review's raw text when there is none: its
// findings as the agent gave them.
func reviewText(r *finding.Review) string {
	var b strings.Builder
	b.WriteString(r.Summary + "\n\n")
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s. **%s** — %s (%s)\n\n%s\n\n%s\n\n", f.ID, f.Title, locations(f.Locations), f.Severity, f.Body, f.Fix)
	}
	return b.String()
}

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
