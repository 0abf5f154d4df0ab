package consolidate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// checkPlan enforces the accounting rules on a decision before a report is
// built from it: every source finding in exactly one group or drop, no
// unknown finding, no group with two findings of one agent, a reason for
// every drop and every severity change. It returns every violation.
func checkPlan(items []item, p *plan) error {
	known := make(map[key]finding.Severity, len(items))
	for _, it := range items {
		known[it.key] = it.f.Severity
	}
	seen := make(map[key]string, len(items))
	var errs []error
	place := func(k key, where string) {
		if _, ok := known[k]; !ok {
			errs = append(errs, fmt.Errorf("%s: unknown finding %s", where, k))
			return
		}
		if prev, dup := seen[k]; dup {
			errs = append(errs, fmt.Errorf("finding %s is in %s and in %s", k, prev, where))
			return
		}
		seen[k] = where
	}
	for i, g := range p.groups {
		where := fmt.Sprintf("cluster %d", i+1)
		errs = append(errs, checkGroup(g, where, known)...)
		for _, k := range g.members {
			place(k, where)
		}
	}
	for _, d := range p.drops {
		place(d.key, "dropped")
		if strings.TrimSpace(d.reason) == "" {
			errs = append(errs, fmt.Errorf("dropped finding %s has no reason", d.key))
		}
	}
	for _, it := range items {
		if _, ok := seen[it.key]; !ok {
			errs = append(errs, fmt.Errorf("finding %s (%s) is neither in a cluster nor dropped", it.key, it.f.Title))
		}
	}
	return errors.Join(errs...)
}

// checkGroup checks one group on its own.
func checkGroup(g group, where string, known map[key]finding.Severity) []error {
	var errs []error
	if len(g.members) == 0 {
		errs = append(errs, fmt.Errorf("%s is empty", where))
	}
	agents := make(map[string]key)
	for _, k := range g.members {
		if prev, ok := agents[k.Agent]; ok {
			errs = append(errs, fmt.Errorf("%s merges %s and %s, two findings of the same agent", where, prev, k))
		}
		agents[k.Agent] = k
	}
	if g.severity != "" && g.severity.Rank() > 2 {
		errs = append(errs, fmt.Errorf("%s: unknown severity %q", where, g.severity))
	}
	if g.severity != "" && strings.TrimSpace(g.reason) == "" {
		for _, k := range g.members {
			if s, ok := known[k]; ok && s != g.severity {
				errs = append(errs, fmt.Errorf("%s: severity of %s changes from %s to %s without a reason", where, k, s, g.severity))
			}
		}
	}
	return errs
}

// checkReport is the last guard: the report as built accounts for every
// source finding exactly once, in a consolidated finding's sources or in
// the dropped list. A failure here is a bug in this package.
func checkReport(items []item, r *report.Report) error {
	count := make(map[key]int, len(items))
	for _, f := range r.Findings {
		for _, s := range f.Sources {
			count[key{s.Agent, s.ID}]++
		}
	}
	for _, d := range r.Dropped {
		count[key{d.Agent, d.ID}]++
	}
	var errs []error
	for _, it := range items {
		if n := count[it.key]; n != 1 {
			errs = append(errs, fmt.Errorf("finding %s appears %d times in the report", it.key, n))
		}
		delete(count, it.key)
	}
	extra := make([]string, 0, len(count))
	for k := range count {
		extra = append(extra, k.String())
	}
	slices.Sort(extra)
	for _, k := range extra {
		errs = append(errs, fmt.Errorf("report names finding %s that no review has", k))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("accounting: %w", err)
	}
	return nil
}
