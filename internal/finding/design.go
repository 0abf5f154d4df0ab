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
			if t := trimRaw(string(src[b.content:end])); t != "" && !isNone(t) {
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
		scope, text := cutScope(t)
		o := DesignObservation{Kind: kind, Scope: scope, Text: text}
		if kind == "observation" && o.Scope != "" {
			o.Kind = "concern"
		}
		out = append(out, o)
	}
	return out
}

// asciiLower lower-cases the ASCII letters of s, byte for byte.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// scopes are the scope tags of a concern.
var scopes = []string{"in-scope", "future"}

// cutScope finds the scope tag on an item's first line — "(in-scope)",
// "**(future)**", "*(future)*", "[in-scope]", "**in-scope**" — and
// returns the scope and the text without the tag, so that a report that
// writes the scope itself does not write it twice.
func cutScope(t string) (string, string) {
	first, rest, _ := strings.Cut(t, "\n")
	// ASCII lower case keeps every byte where it was: strings.ToLower
	// changes the length of invalid UTF-8, and the indices found in low
	// cut first.
	low := asciiLower(first)
	for _, sc := range scopes {
		for _, form := range []string{"(" + sc + ")", "[" + sc + "]", "**" + sc + "**", "*" + sc + "*", "_" + sc + "_"} {
			i := strings.Index(low, form)
			if i < 0 {
				continue
			}
			start, end := i, i+len(form)
			for start > 0 && end < len(first) && isWrap(first[start-1]) && first[end] == first[start-1] {
				start, end = start-1, end+1
			}
			before, after := strings.TrimRight(first[:start], " \t"), first[end:]
			if strings.Trim(after, " \t*_`") == "" {
				before = strings.TrimRight(before, " \t—–-:")
			}
			cut := before + after
			if strings.TrimSpace(first[:start]) == "" {
				cut = strings.TrimLeft(first[end:], " \t:—–-")
			}
			if rest != "" || strings.Contains(t, "\n") {
				cut += "\n" + rest
			}
			return sc, strings.TrimSpace(cut)
		}
	}
	return "", t
}

// noneTexts are what agents write under a section that has no items.
var noneTexts = []string{"none", "n/a", "na", "nil", "nothing", "none found", "none identified", "none noted",
	"none observed", "nothing to note", "nothing to report", "not applicable", "no concerns", "none at this time"}

// isNone reports whether an item is a placeholder for no items: "None.",
// "N/A", "*None identified.*", "None — the change adds no TODOs".
func isNone(t string) bool {
	if len(t) > 200 {
		t = t[:200] // a placeholder is short; what follows does not matter
	}
	s := strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(t), "*_")))
	s = strings.TrimRight(s, ". ")
	for _, n := range noneTexts {
		if s == n {
			return true
		}
	}
	for _, p := range []string{"none", "n/a"} {
		rest, ok := strings.CutPrefix(s, p)
		rest = strings.TrimLeft(rest, " *_")
		if ok && rest != "" && strings.ContainsAny(rest[:1], ".-:;,(") || ok && (strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–")) {
			return true
		}
	}
	return false
}
