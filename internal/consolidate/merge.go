package consolidate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// merge turns the consolidator's decisions into a plan's findings: the
// kept findings joined through same_as (never two of one agent in one
// finding), each at the highest severity decided for its members, and
// the drops with their reasons.
func merge(items []item, dec map[key]triaged) *plan {
	p := &plan{}
	parent := make(map[key]key)
	var find func(k key) key
	find = func(k key) key {
		if r, ok := parent[k]; ok && r != k {
			root := find(r)
			parent[k] = root
			return root
		}
		return k
	}
	members := func(root key) map[string]bool {
		agents := make(map[string]bool)
		for _, it := range items {
			if find(it.key) == root {
				agents[it.Agent] = true
			}
		}
		return agents
	}
	for _, it := range items {
		d := dec[it.key]
		if !d.keep {
			p.drops = append(p.drops, drop{key: it.key, reason: d.dropReason, falsePositive: d.falsePositive})
			continue
		}
		parent[it.key] = it.key
		if d.sameAs == (key{}) || !dec[d.sameAs].keep {
			continue
		}
		a, b := find(it.key), find(d.sameAs)
		if a == b || overlap(members(a), members(b)) {
			continue
		}
		parent[a] = b
	}
	var roots []key
	groups := make(map[key]*group)
	for _, it := range items {
		if !dec[it.key].keep {
			continue
		}
		r := find(it.key)
		g, ok := groups[r]
		if !ok {
			g = &group{}
			groups[r] = g
			roots = append(roots, r)
		}
		g.members = append(g.members, it.key)
	}
	byKey := make(map[key]*item, len(items))
	for i := range items {
		byKey[items[i].key] = &items[i]
	}
	for _, r := range roots {
		g := groups[r]
		rate(g, byKey, dec)
		p.groups = append(p.groups, *g)
	}
	return p
}

func overlap(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// rate gives g the highest severity decided for its members, the reasons
// given for them, and the first better title.
func rate(g *group, byKey map[key]*item, dec map[key]triaged) {
	var reasons []string
	top, changed := finding.Severity(""), false
	by := ""
	for _, k := range g.members {
		d := dec[k]
		if top == "" || d.severity.Rank() < top.Rank() {
			top, by = d.severity, k.Agent
		}
		if d.severity != byKey[k].f.Severity {
			changed = true
		}
		if r := strings.TrimSpace(d.reason); r != "" && !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
		if g.title == "" {
			g.title = d.title
		}
	}
	for _, k := range g.members {
		if byKey[k].f.Severity != top {
			changed = true
		}
	}
	if !changed {
		return // every member keeps its agent's severity: nothing to explain
	}
	g.severity, g.reason = top, strings.Join(reasons, "; ")
	if g.reason == "" {
		g.reason = fmt.Sprintf("%s rated the same defect %s", by, top)
	}
}
