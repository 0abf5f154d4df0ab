package consolidate

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// FinalSchema is the JSON Schema of the consolidator's last answer: the
// report's prose.
//
//go:embed final.schema.json
var FinalSchema []byte

//go:embed final.md
var finalText string

var finalTemplate = template.Must(template.New("final").Parse(finalText))

// prose asks the consolidator for the report's prose, once and once more
// with the errors, and fills p with it.
func (s *Session) prose(p *plan, srcs []Source, items []item, meta *report.Consolidation) error {
	text, err := finalPrompt(p, srcs, items, s.in.budget())
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		call := "final"
		if attempt > 1 {
			call = "final-repair"
		}
		answer, m, err := s.in.Consolidator.Consolidate(s.ctx, call, text, FinalSchema)
		add(meta, m)
		if err == nil {
			err = parseFinal(answer, p, srcs)
		} else {
			err = fmt.Errorf("run: %w", err)
		}
		if err == nil || attempt == 2 || s.ctx.Err() != nil {
			return err
		}
		s.notify("the consolidator's prose was rejected (%v); asking once more", err)
		text = fmt.Sprintf("%s\n\n## Your previous answer was rejected\n\n%v\n\nAnswer again with the complete, corrected JSON document and nothing else.\n", text, err)
	}
}

// finalPrompt lists the report's findings and what each agent wrote
// besides its findings, within budget: half for each.
func finalPrompt(p *plan, srcs []Source, items []item, budget int) (string, error) {
	byKey := make(map[key]*item, len(items))
	for i := range items {
		byKey[items[i].key] = &items[i]
	}
	data := struct {
		Agents            []promptAgent
		Findings, Dropped []string
		Omitted           int
		Schema            string
	}{Schema: strings.TrimSpace(string(FinalSchema))}
	left := budget / 2
	for _, g := range ordered(p.groups, byKey) {
		line := groupLine(g, byKey)
		if left -= len(line) + 3; left < 0 {
			data.Omitted++
			continue
		}
		data.Findings = append(data.Findings, line)
	}
	for _, d := range p.drops {
		data.Dropped = append(data.Dropped, fmt.Sprintf("`%s` %s (%s)", d.key, oneLine(byKey[d.key].f.Title), oneLine(d.reason)))
	}
	each := budget / 2 / max(1, len(srcs))
	for i := range srcs {
		s := &srcs[i]
		text := ""
		if s.Review != nil {
			text = cut(besides(s.Review), each)
		}
		data.Agents = append(data.Agents, promptAgent{Name: s.Name, Label: s.label(), Err: s.Err, Text: text})
	}
	var b strings.Builder
	if err := finalTemplate.Execute(&b, data); err != nil {
		return "", fmt.Errorf("final prompt: %w", err)
	}
	return b.String(), nil
}

// ordered puts the most severe groups first, so a budget cut drops
// suggestions before anything else.
func ordered(groups []group, byKey map[key]*item) []group {
	sev := func(g group) int {
		if g.severity != "" {
			return g.severity.Rank()
		}
		best := 3
		for _, k := range g.members {
			best = min(best, byKey[k].f.Severity.Rank())
		}
		return best
	}
	out := slices.Clone(groups)
	slices.SortStableFunc(out, func(a, b group) int { return sev(a) - sev(b) })
	return out
}

func groupLine(g group, byKey map[key]*item) string {
	first := byKey[g.members[0]]
	sev, title := g.severity, g.title
	if sev == "" {
		sev = first.f.Severity
	}
	if title == "" {
		title = first.f.Title
	}
	keys := make([]string, len(g.members))
	for i, k := range g.members {
		keys[i] = "`" + k.String() + "`"
	}
	return fmt.Sprintf("%s: %s — %s [%s]", sev, oneLine(title), locations(first.f.Locations), strings.Join(keys, ", "))
}

// besides is what a review says besides its findings.
func besides(r *finding.Review) string {
	var b strings.Builder
	part := func(title, text string) {
		if t := strings.TrimSpace(text); t != "" {
			fmt.Fprintf(&b, "**%s.** %s\n\n", title, t)
		}
	}
	part("Summary", r.Summary)
	for _, o := range r.DesignObservations {
		part("Design "+o.Kind, strings.TrimSpace(o.Scope+" "+o.Text))
	}
	part("Testing", r.TestingAssessment)
	part("Documentation", r.DocumentationAssessment)
	for _, l := range r.AcknowledgedLimitations {
		part("Limitation", l)
	}
	return b.String()
}

// parseFinal validates the prose answer and fills p with it.
func parseFinal(text string, p *plan, srcs []Source) error {
	raw, err := extractJSON(text)
	if err != nil {
		return err
	}
	if err := validate(FinalSchema, "final.schema.json", raw); err != nil {
		return err
	}
	var d decision
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("final: %w", err)
	}
	q := &plan{narratives: make(map[string]string)}
	if errs := prose(&d, q, srcs); len(errs) > 0 {
		return fmt.Errorf("%v", errs)
	}
	p.verdictReason, p.summary, p.design = d.VerdictReason, d.Summary, d.DesignObservations
	p.testing, p.documentation, p.limitations = d.TestingAssessment, d.DocumentationAssessment, d.AcknowledgedLimitations
	p.notes, p.narratives = d.ProcessNotes, q.narratives
	return nil
}
