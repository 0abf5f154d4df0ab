package finding

import (
	"regexp"
	"strings"
)

// Transformations of the metamorphic test that move an entry's tag and
// rewrite its locations.

// locStart is where an entry line's locations start: after its bold
// title, or after the dash that follows the title; -1 when not found.
func locStart(t string) int {
	i := strings.Index(t, "**")
	if i >= 0 {
		j := strings.Index(t[i+2:], "**")
		if j < 0 {
			return -1
		}
		inner := t[i+2 : i+2+j]
		id := len(mIDPrefix.FindString(inner)) // "**S3 — `code` title**": the dash after the id opens no location
		if d, n := dashIndex(inner[id:]); d >= 0 && strings.ContainsAny(inner[id+d+n:][:1], "`[") {
			return i + 2 + id + d + n // "**I1. title — `loc`**"
		}
		end := i + 2 + j + 2
		if !mIDOnly.MatchString(inner) {
			return end
		}
		t = t[end:]
		if d, n := dashIndex(t); d >= 0 {
			return end + d + n
		}
		return -1
	}
	if d, n := dashIndex(t); d >= 0 {
		return d + n
	}
	return -1
}

var (
	mIDOnly   = regexp.MustCompile(`^[CIS]\d+[.:)]?$`)
	mIDPrefix = regexp.MustCompile(`^[CIS]\d+(?:[.:)]|\s[—–-])\s*`)
)

// onTag rewrites the plain tag of each letter or numbered entry line:
// f gets the line and the tag's bounds and returns the new line.
func onTag(f func(line string, a, b int) (string, bool)) func(string) string {
	return func(s string) string {
		ls := mscan(s)
		var out []string
		for _, l := range ls {
			loc := mTag.FindAllStringIndex(l.text, -1)
			if l.code || (l.entry != 'L' && l.entry != 'N') || len(loc) == 0 {
				out = append(out, l.text)
				continue
			}
			a, b := loc[len(loc)-1][0], loc[len(loc)-1][1]
			if a > 0 && strings.ContainsRune("*_`", rune(l.text[a-1])) {
				out = append(out, l.text)
				continue
			}
			nl, ok := f(l.text, a, b)
			if !ok {
				nl = l.text
			}
			out = append(out, nl)
		}
		return strings.Join(out, "\n")
	}
}

// cutAt removes line[a:b] and the spaces before it.
func cutAt(line string, a, b int) string {
	return strings.TrimRight(line[:a], " ") + line[b:]
}

func tagWrapped(w string) func(string) string {
	return onTag(func(line string, a, b int) (string, bool) {
		return line[:a] + w + line[a:b] + w + line[b:], true
	})
}

func tagInTitle(s string) string {
	return onTag(func(line string, a, b int) (string, bool) {
		tag := line[a:b]
		i := strings.Index(line, "**")
		if i < 0 || i > a {
			return "", false
		}
		j := strings.Index(line[i+2:], "**")
		if j < 0 || mIDOnly.MatchString(line[i+2:i+2+j]) || i+2+j > a {
			return "", false
		}
		end := i + 2 + j
		line = cutAt(line, a, b)
		return line[:end] + " " + tag + line[end:], true
	})(s)
}

func tagNextLine(s string) string {
	return onTag(func(line string, a, b int) (string, bool) {
		tag := line[a:b]
		ind := len(line) - len(strings.TrimLeft(line, " \t"))
		if m := mListMarker.FindString(line); m != "" {
			ind = len(m)
		}
		return cutAt(line, a, b) + "\n" + strings.Repeat(" ", ind) + tag, true
	})(s)
}

func tagBeforeLocation(s string) string {
	return onTag(func(line string, a, b int) (string, bool) {
		tag := line[a:b]
		at := locStart(line)
		if at < 0 || at > a {
			return "", false
		}
		for _, sep := range []string{" — ", " – ", " - "} {
			if strings.HasSuffix(line[:at], sep) {
				at -= len(sep) // before the dash, not after it
				break
			}
		}
		line = cutAt(line, a, b)
		return line[:at] + " " + tag + line[at:], true
	})(s)
}

func tagExtraWords(s string) string {
	return onTag(func(line string, a, b int) (string, bool) {
		return line[:b-1] + "; latent" + line[b-1:], true
	})(s)
}

// onLocations rewrites the location spans of entry lines, after the
// title: f gets the span's path and ranges and returns its new text.
func onLocations(f func(path, ranges string) string) func(string) string {
	return func(s string) string {
		return eachLine(s, func(l *mline) bool {
			if l.code || l.entry != 'L' && l.entry != 'N' {
				return false // worded entries name their locations unquoted
			}
			tail := locStart(l.text)
			if tail < 0 {
				return false
			}
			rest := mLocSpan.ReplaceAllStringFunc(l.text[tail:], func(span string) string {
				m := mLocSpan.FindStringSubmatch(span)
				if !mPathLike.MatchString(m[1]) {
					return span
				}
				return f(m[1], m[2])
			})
			if rest == l.text[tail:] {
				return false
			}
			l.text = l.text[:tail] + rest
			return true
		})
	}
}

var (
	mListMarker = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`)
	mTwoSpans   = regexp.MustCompile("`([^`\\s]+(?::[0-9][0-9,\\s–-]*)?)`(?:,\\s*|\\s+and\\s+|;\\s*)`([^`\\s]+(?::[0-9][0-9,\\s–-]*)?)`")
)

var mPathLike = regexp.MustCompile(`^(?:[\w.@+-]*/[\w./@+-]+|[\w@+-][\w.@+-]*\.[a-z][a-z0-9]{0,9})$`)

func locSpan(path, ranges string) string {
	if ranges == "" {
		return "`" + path + "`"
	}
	return "`" + path + ":" + ranges + "`"
}

func locEnDash(path, ranges string) string {
	return locSpan(path, strings.ReplaceAll(ranges, "-", "–"))
}

func locLink(path, ranges string) string {
	switch {
	case ranges == "":
		return "[" + path + "](" + path + ")"
	case strings.Contains(ranges, ","):
		return locSpan(path, ranges) // a link names one range
	}
	a, b, ok := strings.Cut(ranges, "-")
	anchor := "#L" + a
	if ok {
		anchor += "-L" + b
	}
	return "[" + path + "](" + path + anchor + ")"
}

// locGitHub links the location to the file on GitHub, the link text
// naming the path alone.
func locGitHub(path, ranges string) string {
	if strings.Contains(ranges, ",") || strings.HasPrefix(path, "/") {
		return locSpan(path, ranges)
	}
	anchor := ""
	if a, b, ok := strings.Cut(ranges, "-"); ranges != "" {
		anchor = "#L" + a
		if ok {
			anchor += "-L" + b
		}
	}
	return "[" + path + "](https://github.com/owner/repo/blob/0123abc/" + path + anchor + ")"
}

// stripRoot takes fakeRoot off the paths the review gives the parser no
// way to make relative: an agent that cites a file only under its
// worktree, and names it by no repository path (a coverage row, a
// relative location), leaves the parser no way to know where the
// repository starts, so the parser keeps such paths as written
// (consolidation resolves them against the change's files). A path the
// review also names relative to the repository is left as parsed: the
// parser must have cut the root from it.
func stripRoot(sh *shape) {
	known := map[string]bool{}
	for _, c := range sh.coverage {
		known[c.Path] = true
	}
	for _, f := range sh.findings {
		for _, l := range f.Locs {
			if !strings.HasPrefix(l.Path, "/") && strings.Contains(l.Path, "/") {
				known[l.Path] = true
			}
		}
	}
	for i := range sh.findings {
		for j, l := range sh.findings[i].Locs {
			if rest, ok := strings.CutPrefix(l.Path, fakeRoot); ok && !known[rest] {
				sh.findings[i].Locs[j].Path = rest
			}
		}
	}
}

// fakeRoot is the worktree an agent running elsewhere cites files under.
const fakeRoot = "/home/dev/src/repo/"

func locAbsolute(path, ranges string) string {
	if strings.HasPrefix(path, "/") {
		return locSpan(path, ranges)
	}
	return locSpan(fakeRoot+strings.TrimPrefix(path, "./"), ranges)
}

// locOneSpan merges the location spans of an entry line into one:
// "`a.go:1`, `b.go:2`" becomes "`a.go:1, b.go:2`".
func locOneSpan(s string) string {
	return eachLine(s, func(l *mline) bool {
		if l.code || l.entry != 'L' && l.entry != 'N' {
			return false
		}
		tail := locStart(l.text)
		if tail < 0 {
			return false
		}
		rest := l.text[tail:]
		for {
			m := mTwoSpans.FindStringSubmatchIndex(rest)
			if m == nil {
				break
			}
			a, b := rest[m[2]:m[3]], rest[m[4]:m[5]]
			if !mPathLike.MatchString(strings.Split(a, ":")[0]) {
				break
			}
			rest = rest[:m[0]] + "`" + a + ", " + b + "`" + rest[m[1]:]
		}
		if rest == l.text[tail:] {
			return false
		}
		l.text = l.text[:tail] + rest
		return true
	})
}
