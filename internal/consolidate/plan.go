package consolidate

import (
	"github.com/deepreview/deepreview/internal/cluster"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

// plan is a consolidation decision: which source findings make each
// consolidated finding and at what severity, which are dropped and why,
// and the prose parts of the report. The deterministic consolidation and
// a consolidator agent both produce one; the report is built from it.
type plan struct {
	groups []group
	drops  []drop

	verdictReason string
	summary       string
	design        []finding.DesignObservation
	testing       string
	documentation string
	limitations   []string
	narratives    map[string]string // agent name -> retro paragraph
	notes         report.ProcessNotes

	// changed are the files of the change, for the retro; files is the
	// set every path is compared against (finding.Files).
	changed []string
	files   finding.Files
}

// group is one consolidated finding in the making.
type group struct {
	members []key
	// severity is the final severity; empty means the highest any member
	// gave.
	severity finding.Severity
	// reason says why the severity differs from a member's.
	reason string
	// title replaces the primary member's title when set.
	title string
}

// drop is a source finding left out of the report, with the reason.
type drop struct {
	key
	reason        string
	falsePositive bool
}

// proposal clusters the findings by code: the groups a consolidator
// confirms or splits, and the groups of the deterministic consolidation.
func proposal(items []item, files finding.Files) []group {
	in := make([]cluster.Item, len(items))
	for i, it := range items {
		in[i] = cluster.Item{Agent: it.Agent, Finding: it.f}
	}
	var groups []group
	for _, g := range cluster.Group(in, files) {
		members := make([]key, len(g))
		for i, k := range g {
			members[i] = items[k].key
		}
		groups = append(groups, group{members: members})
	}
	return groups
}
