package safetext

import "strings"

// Inline returns s safe inside a line of Markdown after other text (a
// finding's title, a label in a heading): one line (line breaks become
// spaces), code spans kept, and outside them no HTML ("<" escaped), no
// link or image ("[" and "]" escaped), no entity ("&" escaped before
// one), no mention, no backtick left unpaired that could open a code
// span with the text that follows, and no trailing backslash that could
// escape it.
func Inline(s string) string { return inline(s, false) }

// Cell is Inline for a cell of a GFM table: pipes are escaped, also
// inside code spans (where GFM reads "\|" as a pipe), and line breaks
// become <br>.
func Cell(s string) string { return inline(s, true) }

func inline(s string, cell bool) string {
	s = strings.TrimSpace(Clean(s))
	var b strings.Builder
	b.Grow(len(s) + 8)
	if s != "" && strings.IndexByte("#>+-=|~", s[0]) >= 0 {
		b.WriteByte('\\') // harmless mid-line, and no block at a line's start
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isPunct(s[i+1]) && s[i+1] != '@':
			b.WriteString(s[i : i+2]) // already escaped
			i += 2
			continue
		case c == '\\' && i+1 == len(s):
			b.WriteString(`\\`)
		case c == '`':
			i = codeSpan(&b, s, i, cell)
			continue
		case c == '<' || c == '[' || c == ']' || (c == '|' && cell):
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&' && entityAt(s, i):
			b.WriteString(`\&`)
		case c == '@':
			b.WriteByte('@')
			if mentionAt(s, i) {
				b.WriteString(zwsp)
			}
		case c == '#':
			b.WriteByte('#')
			if referenceAt(s, i) && (i == 0 || s[i-1] != '&') { // "&#64;" is an escaped entity
				b.WriteString(zwsp)
			}
		case c == '\n' || c == '\t':
			if cell && c == '\n' {
				b.WriteString("<br>")
			} else {
				b.WriteByte(' ')
			}
		default:
			b.WriteByte(c)
		}
		i++
	}
	return noComment(b.String())
}

// codeSpan writes the backtick run at s[i] and returns where to go on: a
// code span as it is (line breaks as spaces, pipes escaped in a cell)
// when a run of the same length closes it, as CommonMark pairs them, or
// the run escaped, so it stays literal whatever follows.
func codeSpan(b *strings.Builder, s string, i int, cell bool) int {
	n := run(s, i, '`')
	end := closer(s, i+n, n)
	if end < 0 {
		for range n {
			b.WriteString("\\`")
		}
		return i + n
	}
	code := strings.NewReplacer("\n", " ", "\t", " ").Replace(s[i : end+n])
	if cell {
		code = strings.ReplaceAll(code, "|", `\|`)
	}
	b.WriteString(code)
	return end + n
}

// run is the length of the run of c at s[i].
func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closer finds the next run of exactly n backticks from i, or -1.
func closer(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		i += j
		m := run(s, i, '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// Code returns s as an inline code span that nothing in s can close:
// delimited by a backtick run longer than any in s, padded with spaces
// when s starts or ends with a backtick. Line breaks become spaces.
func Code(s string) string {
	s = strings.NewReplacer("\n", " ", "\t", " ").Replace(Clean(s))
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "") {
		s = " " + s + " "
	}
	return noComment(fence + s + fence)
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}

// isPunct reports whether c is ASCII punctuation, which a backslash
// escapes in CommonMark.
func isPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

func isWord(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isAlnum(c byte) bool { return c != '_' && isWord(c) }

// mentionAt reports whether the "@" at s[i] could start what GitHub takes
// for a mention: it comes before a letter or digit. GitHub skips an "@"
// after a word character (an e-mail address), but the text before it may
// end up in another text node (an autolinked URL), so every such "@" is
// broken.
func mentionAt(s string, i int) bool {
	return i+1 < len(s) && isAlnum(s[i+1])
}

// referenceAt reports whether the "#" at s[i] starts what GitHub links as
// an issue or pull request reference ("#12", "org/repo#12"). A reference
// to another repository puts an event in that timeline, from the
// account that posts: agent text must not be able to spray them.
func referenceAt(s string, i int) bool {
	return i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'
}

// entityAt reports whether s[i] ("&") starts an entity or numeric
// character reference, which Markdown would decode (into "<" or "@"
// too).
func entityAt(s string, i int) bool {
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
		}
	}
	k := j
	for k < len(s) && k-j < 32 && isAlnum(s[k]) {
		k++
	}
	return k > j && k < len(s) && s[k] == ';'
}
