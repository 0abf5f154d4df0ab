package consolidate

import (
	"slices"

	"github.com/deepreview/deepreview/internal/finding"
)

// changeFiles is the set every path of a consolidation is compared
// against (finding.Files, deepreview's one path rule): the change's files,
// or, when the caller does not know them, the files the reviews cite in
// their locations and coverage summaries.
func changeFiles(changed []string, srcs []Source, items []item) finding.Files {
	if len(changed) > 0 {
		return finding.NewFiles(changed)
	}
	var cited []string
	for _, it := range items {
		for _, l := range it.f.Locations {
			cited = append(cited, l.Path)
		}
	}
	for i := range srcs {
		if srcs[i].Review == nil {
			continue
		}
		for _, c := range srcs[i].Review.Coverage {
			cited = append(cited, c.Path)
		}
	}
	return finding.InferFiles(cited)
}

// files is the set cited paths resolve against while reviews still
// arrive: the change's files, else those the findings so far cite.
func (in Input) files(items ...[]item) finding.Files {
	return changeFiles(in.ChangedFiles, nil, slices.Concat(items...))
}
