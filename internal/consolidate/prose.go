package consolidate

import (
	"fmt"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// fillProse writes the prose parts of a plan by code, for the
// deterministic consolidation: plain merges of what the agents wrote,
// each part attributed, nothing invented.
func fillProse(p *plan, srcs []Source, items []item) {
	p.summary = summary(srcs, items, p)
	p.design = mergeObservations(srcs)
	p.testing = attributed(srcs, func(r *finding.Review) string { return r.TestingAssessment })
	p.documentation = attributed(srcs, func(r *finding.Review) string { return r.DocumentationAssessment })
	p.limitations = mergeLimitations(srcs)
	p.narratives = make(map[string]string, len(srcs))
	for i := range srcs {
		p.narratives[srcs[i].Name] = narrative(&srcs[i], items)
	}
}

// summary says who reviewed and how the findings merged.
func summary(srcs []Source, items []item, p *plan) string {
	var ok, failed []string
	for i := range srcs {
		if srcs[i].Err != "" {
			failed = append(failed, fmt.Sprintf("%s (%s)", srcs[i].label(), srcs[i].Err))
			continue
		}
		ok = append(ok, srcs[i].label())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s reviewed the change and raised %s, consolidated by code into %d",
		list(ok), count(len(items), "finding"), len(p.groups))
	if n := merged(p.groups); n > 0 {
		fmt.Fprintf(&b, " (%d raised by more than one agent)", n)
	}
	b.WriteString(".")
	if len(failed) > 0 {
		fmt.Fprintf(&b, " No usable review from %s.", list(failed))
	}
	return b.String()
}

func merged(groups []group) int {
	n := 0
	for _, g := range groups {
		if len(g.members) > 1 {
			n++
		}
	}
	return n
}

// list joins names as prose: "A", "A and B", "A, B and C"; "No agent" for none.
func list(names []string) string {
	switch len(names) {
	case 0:
		return "No agent"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// mergeObservations lists every agent's design observations, concerns
// first, the same text from several agents once with all of them.
func mergeObservations(srcs []Source) []finding.DesignObservation {
	var out []finding.DesignObservation
	index := make(map[string]int)
	for _, kind := range []string{"concern", "strength"} {
		for i := range srcs {
			if srcs[i].Review == nil || srcs[i].Err != "" {
				continue
			}
			for _, o := range srcs[i].Review.DesignObservations {
				if o.Kind != kind {
					continue
				}
				k := kind + "\x00" + strings.Join(strings.Fields(strings.ToLower(o.Text)), " ")
				if j, ok := index[k]; ok {
					out[j].Agents = append(out[j].Agents, srcs[i].Name)
					continue
				}
				index[k] = len(out)
				out = append(out, finding.DesignObservation{Kind: o.Kind, Scope: o.Scope, Text: o.Text, Agents: []string{srcs[i].Name}})
			}
		}
	}
	return out
}

// attributed joins one prose part of every review, each under its agent.
func attributed(srcs []Source, part func(*finding.Review) string) string {
	var parts []string
	for i := range srcs {
		if srcs[i].Review == nil || srcs[i].Err != "" {
			continue
		}
		if t := strings.TrimSpace(part(srcs[i].Review)); t != "" {
			parts = append(parts, fmt.Sprintf("**%s:**\n\n%s", srcs[i].label(), t))
		}
	}
	return strings.Join(parts, "\n\n")
}

// mergeLimitations lists every acknowledged limitation once.
func mergeLimitations(srcs []Source) []string {
	var out []string
	seen := make(map[string]bool)
	for i := range srcs {
		if srcs[i].Review == nil || srcs[i].Err != "" {
			continue
		}
		for _, l := range srcs[i].Review.AcknowledgedLimitations {
			k := strings.Join(strings.Fields(strings.ToLower(l)), " ")
			if !seen[k] {
				seen[k] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// narrative is the code's retro paragraph for one agent.
func narrative(s *Source, items []item) string {
	if s.Err != "" {
		return fmt.Sprintf("%s produced no usable review: %s.", s.label(), s.Err)
	}
	n := 0
	for _, it := range items {
		if it.Agent == s.Name {
			n++
		}
	}
	return fmt.Sprintf("%s raised %s and %s (figures below; consolidated by code, without a narrative).",
		s.label(), count(n, "finding"), count(len(s.Review.DesignObservations), "design observation"))
}

// count is "1 finding", "2 findings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// agentSections gathers what each agent wrote under a section the report
// keeps per agent (Commit Structure, Unresolved Feedback), matched by
// title without case, in the order of the reviews.
func agentSections(srcs []Source, title string) []report.AgentText {
	var out []report.AgentText
	for i := range srcs {
		if srcs[i].Review == nil || srcs[i].Err != "" {
			continue
		}
		for _, sec := range srcs[i].Review.Other {
			if strings.EqualFold(strings.TrimSpace(sec.Title), title) && strings.TrimSpace(sec.Text) != "" {
				out = append(out, report.AgentText{Agent: srcs[i].Name, Text: strings.TrimSpace(sec.Text)})
			}
		}
	}
	return out
}
