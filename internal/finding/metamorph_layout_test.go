package finding

import (
	"regexp"
	"strings"
)

// Layout transformations of the metamorphic test: wrappers, headings,
// entry lines, blank lines and white space.

// longestFence is the length of the longest backtick fence in s.
func longestFence(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if f := mFence.FindStringSubmatch(l); f != nil && f[1][0] == '`' {
			n = max(n, len(f[1]))
		}
	}
	return n
}

// wrapFence fences the whole review with info in a fence of n backticks;
// lengthen makes the fence longer than any inside it, as a careful agent
// does ("````markdown" around a review holding "```go").
func wrapFence(info string, n int, lengthen bool) func(string) string {
	return func(s string) string {
		k := n
		if lengthen {
			k = max(n, longestFence(s)+1)
		}
		f := strings.Repeat("`", k)
		return f + info + "\n" + strings.TrimRight(s, "\n") + "\n" + f + "\n"
	}
}

func chatter(s string) string {
	return "Now I have all the context I need. Here is my review.\n\n" + s
}

func indent4(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if strings.TrimSpace(l) != "" {
			ls[i] = "    " + l
		}
	}
	return strings.Join(ls, "\n")
}

func shiftHeadings(d int) func(string) string {
	return func(s string) string {
		return eachLine(s, func(l *mline) bool {
			if l.code || l.level == 0 || l.level+d < 1 {
				return false
			}
			t := strings.TrimLeft(l.text, " ")
			l.text = strings.Repeat("#", l.level+d) + t[l.level:]
			return true
		})
	}
}

// dashIndex is the first " — ", " – " or " - " of s outside code spans.
func dashIndex(s string) (int, int) {
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			in = !in
			continue
		}
		if in {
			continue
		}
		for _, d := range []string{" — ", " – ", " - "} {
			if strings.HasPrefix(s[i:], d) {
				return i, len(d)
			}
		}
	}
	return -1, 0
}

// entryHeadingToBold turns "#### C1. Title — `a.go:1`" into
// "**C1. Title** — `a.go:1`".
func entryHeadingToBold(s string) string {
	return eachLine(s, func(l *mline) bool {
		if l.code || l.level == 0 || l.entry != 'L' {
			return false
		}
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l.text), "#"))
		if strings.Contains(t, "**") {
			l.text = t
			return true
		}
		cut, _ := dashIndex(t)
		if cut < 0 {
			cut = len(t)
			if loc := mTag.FindStringIndex(t); loc != nil {
				cut = loc[0]
			}
		}
		l.text = "**" + strings.TrimRight(t[:cut], " ") + "**" + t[len(strings.TrimRight(t[:cut], " ")):]
		return true
	})
}

// entryBoldToHeading turns "I1. **Title** — `a.go:1`" (and "**I1. Title**
// — …") into "#### I1. Title — `a.go:1`", one level below the last
// heading. The bold stays when the title holds a dash itself: without it
// the title would end at that dash, which is the layout's ambiguity, not
// the parser's.
func entryBoldToHeading(s string) string {
	ls := mscan(s)
	last := 2
	for i := range ls {
		l := &ls[i]
		if l.level > 0 && !l.code && l.entry == 0 {
			last = l.level
		}
		if l.code || l.level > 0 || l.entry != 'L' || l.text != strings.TrimLeft(l.text, " \t-*+") && !strings.HasPrefix(l.text, "**") {
			continue
		}
		t := l.text
		if strings.Count(t, "**")%2 == 1 {
			continue // the bold title wraps onto the next line
		}
		if i := strings.Index(t, "**"); i >= 0 {
			j := i + 2 + strings.Index(t[i+2:], "**")
			if d, _ := dashIndex(t[i+2 : j]); d < 0 {
				t = t[:i] + t[i+2:j] + t[j+2:]
			}
		}
		l.text = strings.Repeat("#", min(last+1, 6)) + " " + t
	}
	return joinLines(ls)
}

// formatSection reports whether a heading or label names a section of
// the format (spec §2), which agents write as headings or bold lines.
func formatSection(text string) bool {
	s := strings.ToLower(strings.Trim(text, " *_:#`"))
	for _, p := range []string{"executive summary", "findings", "critical issues", "important issues", "suggestions",
		"design observations", "concerns", "strengths", "testing assessment", "documentation assessment",
		"acknowledged limitations", "coverage summary"} {
		if s == p {
			return true
		}
	}
	return false
}

// sectionsToBold writes the format's section headings as bold lines:
// "### Critical Issues" becomes "**Critical Issues**".
func sectionsToBold(s string) string {
	return eachLine(s, func(l *mline) bool {
		h := refHeading.FindStringSubmatch(l.text)
		if l.code || l.level == 0 || h == nil || !formatSection(h[2]) {
			return false
		}
		l.text = "**" + strings.Trim(h[2], "*_ ") + "**"
		return true
	})
}

// labelsToHeadings writes bold section lines ("**Strengths**",
// "**Critical Issues:**") as headings one level below the last heading.
func labelsToHeadings(s string) string {
	ls := mscan(s)
	last := 2
	for i := range ls {
		l := &ls[i]
		if l.code {
			continue
		}
		if l.level > 0 && l.entry == 0 {
			last = l.level
			continue
		}
		t := strings.TrimRight(l.text, " \t\r")
		if !strings.HasPrefix(t, "**") || !strings.HasSuffix(strings.TrimSuffix(t, ":"), "**") {
			continue
		}
		label := strings.Trim(t, "*: ")
		if formatSection(label) && !strings.Contains(label, "**") {
			l.text = strings.Repeat("#", min(last+1, 6)) + " " + label
		}
	}
	return joinLines(ls)
}

// idColon writes the id of lettered entries with a colon: "I1: **a**",
// "**I1: a**".
func idColon(s string) string {
	return eachLine(s, func(l *mline) bool {
		m := mIDDot.FindStringSubmatchIndex(l.text)
		if l.code || l.entry != 'L' || m == nil {
			return false
		}
		l.text = l.text[:m[3]] + ":" + l.text[m[3]+1:]
		return true
	})
}

var mIDDot = regexp.MustCompile(`^(?:#{1,7}\s+)?(?:\*\*)?([CIS]\d+)\.`)

// titleDash writes the dash between an entry's title and its locations
// as d (" - ", " – ").
func titleDash(d string) func(string) string {
	return func(s string) string {
		return eachLine(s, func(l *mline) bool {
			at := locStart(l.text)
			if l.code || l.entry != 'L' && l.entry != 'N' || at < 0 {
				return false
			}
			switch {
			case strings.HasSuffix(l.text[:at], " — "):
				l.text = l.text[:at-len(" — ")] + d + l.text[at:]
			case strings.HasPrefix(l.text[at:], " — "):
				l.text = l.text[:at] + d + l.text[at+len(" — "):]
			default:
				return false
			}
			return true
		})
	}
}

// locNextLine moves what follows an entry's bold title (the locations and
// the tag) to the next line: "**I1. title**" then "`a.go:3` (important,
// gap)".
func locNextLine(s string) string {
	return eachLine(s, func(l *mline) bool {
		at := locStart(l.text)
		if l.code || l.entry != 'L' || at < 0 || !strings.HasPrefix(strings.TrimLeft(l.text, " "), "**") {
			return false
		}
		head, tail := l.text[:at], strings.TrimPrefix(l.text[at:], " — ")
		if !strings.HasSuffix(head, "**") || !strings.HasPrefix(tail, "`") {
			return false
		}
		ind := l.text[:len(l.text)-len(strings.TrimLeft(l.text, " "))]
		l.text = head + "\n" + ind + tail
		return true
	})
}

// entryBullets makes every lettered entry at the start of a line a bullet
// ("- I1. **a** — `a.go:3`") with its body indented under it.
func entryBullets(s string) string {
	ls := mscan(s)
	var out []string
	in := false
	for _, l := range ls {
		switch {
		case l.entry == 'L' && !l.code && l.level == 0 && strings.TrimLeft(l.text, " \t-*+") == l.text:
			in = true
			out = append(out, "- "+l.text)
			continue
		case !l.code && (l.level > 0 || mLabelLine.MatchString(l.text)) || !isFindingRegion(l.region):
			in = false
		}
		if in && strings.TrimSpace(l.text) != "" {
			out = append(out, "  "+l.text)
		} else {
			out = append(out, l.text)
		}
	}
	return strings.Join(out, "\n")
}

var mLabelLine = regexp.MustCompile(`^\*\*[^*]+\*\*:?\s*$`)

// noBlankBetweenEntries removes the blank lines before every entry but
// the first of its group.
func noBlankBetweenEntries(s string) string {
	ls := mscan(s)
	var out []string
	for _, l := range ls {
		if l.entry != 0 && !l.code && !l.first {
			for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
				out = out[:len(out)-1]
			}
		}
		out = append(out, l.text)
	}
	return strings.Join(out, "\n")
}

// tableRuleGlued puts a "---" line right after every table.
func tableRuleGlued(s string) string {
	ls := mscan(s)
	var out []string
	for i := 0; i < len(ls); i++ {
		out = append(out, ls[i].text)
		t := strings.TrimSpace(ls[i].text)
		if ls[i].code || !strings.HasPrefix(t, "|") || i+1 < len(ls) && strings.HasPrefix(strings.TrimSpace(ls[i+1].text), "|") {
			continue
		}
		ind := ls[i].text[:len(ls[i].text)-len(strings.TrimLeft(ls[i].text, " \t"))]
		j := i + 1
		for j < len(ls) && strings.TrimSpace(ls[j].text) == "" {
			j++
		}
		if j < len(ls) && strings.TrimSpace(ls[j].text) == "---" {
			i = j - 1 // drop the blank lines before the rule
			continue
		}
		out = append(out, ind+"---")
	}
	return strings.Join(out, "\n")
}

func withCRLF(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func trailingSpaces(s string) string { return strings.ReplaceAll(s, "\n", "   \n") }

func withBOM(s string) string { return "\ufeff" + s }

// tabs indents lists with tabs: every four leading spaces become a tab, a
// two-space indentation a tab, and the space after a bullet a tab.
func tabIndent(s string) string {
	return eachLine(s, func(l *mline) bool {
		if l.code {
			return false
		}
		t := strings.TrimLeft(l.text, " ")
		n := len(l.text) - len(t)
		ind := strings.Repeat("\t", n/4) + strings.Repeat(" ", n%4)
		if n == 2 {
			ind = "\t"
		}
		if len(t) > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' && t[2] != ' ' {
			t = t[:1] + "\t" + t[2:]
		}
		nl := ind + t
		if nl == l.text {
			return false
		}
		l.text = nl
		return true
	})
}
