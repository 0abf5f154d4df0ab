package finding

import "strings"

// items splits a section into its list items and paragraphs, each as raw
// Markdown without the list marker. Nested lists stay in their item.
func items(src []byte, s *section) []string {
	var out []string
	for i, b := range s.blocks {
		end := s.end
		if i+1 < len(s.blocks) {
			end = s.blocks[i+1].start
		}
		switch b.kind {
		case kItem, kPara:
			if t := trimRaw(string(src[b.content:end])); t != "" {
				out = append(out, t)
			}
		case kCode, kOther, kHeading:
			// A code block or table under an item belongs to it.
			if t := trimRaw(string(src[b.start:end])); t != "" {
				if len(out) == 0 {
					out = append(out, t)
				} else {
					out[len(out)-1] += "\n\n" + t
				}
			}
		}
	}
	return out
}

// observations reads the items of a Concerns, Strengths or unlabelled
// Design Observations section.
func observations(src []byte, s *section) []DesignObservation {
	var kind string
	switch s.class {
	case secConcerns:
		kind = "concern"
	case secStrengths:
		kind = "strength"
	default:
		kind = "observation"
	}
	var out []DesignObservation
	for _, t := range items(src, s) {
		o := DesignObservation{Kind: kind, Scope: scopeOf(t), Text: t}
		if kind == "observation" && o.Scope != "" {
			o.Kind = "concern"
		}
		out = append(out, o)
	}
	return out
}

// scopeOf finds the "(in-scope)" or "(future)" tag on an item's first line.
func scopeOf(t string) string {
	first, _, _ := strings.Cut(t, "\n")
	low := strings.ToLower(first)
	for _, s := range []string{"in-scope", "future"} {
		if strings.Contains(low, "("+s+")") || strings.Contains(low, "**"+s+"**") || strings.Contains(low, "["+s+"]") {
			return s
		}
	}
	return ""
}
