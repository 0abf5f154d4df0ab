package forge

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/deepreview/deepreview/internal/safetext"
)

// MaxCommentLength is GitHub's limit on a comment body: 65,536
// characters ("Body is too long (maximum is 65536 characters)").
const MaxCommentLength = 65536

// commentBudget is what CommentBody aims for. Length counts a body the
// most expensive way GitHub might: in UTF-16 code units (an emoji is two),
// each newline twice (in case it is stored as CRLF); the margin absorbs
// the rest.
const commentBudget = MaxCommentLength - 1024

// AppendixHeading opens the part of a report that holds the agents'
// original reviews: the first thing left out of a comment that is too long.
const AppendixHeading = "Appendix: Original Reviews"

// shrinkOrder are the sections emptied, in this order, when leaving out
// the appendix is not enough; the findings and the summary stay longest.
var shrinkOrder = []string{
	"Agent Performance Retro", "Review Process Notes", "Design Observations",
	"Acknowledged Limitations", "Documentation Assessment", "Testing Assessment",
}

// Length is the conservative size of s as CommentBody counts it against
// GitHub's limit: UTF-16 code units plus one per newline. It is never less
// than the number of characters (runes) GitHub counts.
func Length(s string) int {
	n := strings.Count(s, "\n")
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// CommentBody makes the body of the pull request comment holding report
// (the consolidated report's Markdown): Marker, then the report. When that
// is too long for GitHub it leaves out, in turn, the appendix of original
// reviews, then the less central sections (retro, process notes, design
// observations, …), then cuts the rest at a line, each time saying so and
// pointing at the stored report by its review id, `deepreview show ID`
// ("" when there is none) — never by a local path, which would publish
// the reviewer's directory layout. A Marker inside report is broken, so
// the comment carries exactly one. The result's Length is at most
// MaxCommentLength-1024.
func CommentBody(report, reviewID string) string {
	body := Marker + "\n" + strings.ReplaceAll(report, Marker, brokenMarker)
	if Length(body) <= commentBudget {
		return body
	}
	if start, _, ok := section(body, AppendixHeading, 1); ok {
		body = body[:start] + "## " + AppendixHeading + "\n\n" +
			"_The agents' original reviews are left out of this comment to stay within GitHub's 65,536-character limit; they are in " + linkText(reviewID) + "._\n"
		if Length(body) <= commentBudget {
			return body
		}
	}
	for _, h := range shrinkOrder {
		start, end, ok := section(body, h, 2)
		if !ok {
			continue
		}
		heading, _, _ := strings.Cut(body[start:end], "\n")
		body = body[:start] + heading + "\n\n_Left out of this comment for length; see " + linkText(reviewID) + "._\n\n" + body[end:]
		if Length(body) <= commentBudget {
			return body
		}
	}
	return cut(body, reviewID)
}

// brokenMarker looks like Marker and is not it: a zero-width space
// follows "<!".
const brokenMarker = "<!\u200b-- deepreview:report -->"

// linkText points at the stored report: the command that shows it.
func linkText(reviewID string) string {
	if reviewID == "" {
		return "the stored report (`deepreview show`)"
	}
	return "the stored report: " + safetext.Code("deepreview show "+reviewID)
}

// cut truncates body at a line so that it and a closing note fit, closing
// a code fence left open.
func cut(body, reviewID string) string {
	note := fmt.Sprintf("\n\n---\n_This comment is cut to fit GitHub's 65,536-character limit (the report has %d characters); see %s._\n",
		utf8.RuneCountInString(body), linkText(reviewID))
	budget := commentBudget - Length(note) - Length("```\n")
	n, end := 0, 0
	for i, r := range body {
		n += utf16.RuneLen(r)
		if r == '\n' {
			n++
			if n > budget {
				break
			}
			end = i + 1
		}
		if n > budget {
			break
		}
	}
	kept := body[:end]
	if inFence(kept) {
		kept += "```\n"
	}
	return kept + note
}

// section finds the heading whose text (after any "4." numbering) starts
// with title, outside code fences, and returns the byte range from the
// heading's line to the next heading of the same or a higher level. With
// minLevel 1 any level matches; with 2 only "##" does.
func section(s, title string, minLevel int) (start, end int, ok bool) {
	level, fence, off := 0, "", 0
	for line := range strings.SplitAfterSeq(s, "\n") {
		lineStart := off
		off += len(line)
		if f := fenceOf(line); f != "" {
			if fence == "" {
				fence = f
			} else if strings.HasPrefix(strings.TrimSpace(line), fence) {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		l, text := heading(line)
		if l == 0 {
			continue
		}
		if ok && l <= level {
			return start, lineStart, true
		}
		if !ok && (minLevel == 1 || l == minLevel) && strings.HasPrefix(text, title) {
			start, level, ok = lineStart, l, true
		}
	}
	return start, len(s), ok
}

// heading returns the level and text of an ATX heading line, or 0.
func heading(line string) (int, string) {
	t := strings.TrimRight(line, "\r\n")
	l := 0
	for l < len(t) && t[l] == '#' {
		l++
	}
	if l == 0 || l > 6 || l == len(t) || t[l] != ' ' {
		return 0, ""
	}
	text := strings.TrimSpace(t[l:])
	// "## 4. Appendix: Original Reviews" is numbered in some reports.
	if i := strings.Index(text, ". "); i > 0 && strings.Trim(text[:i], "0123456789") == "" {
		text = text[i+2:]
	}
	return l, text
}

// fenceOf returns the fence (``` or ~~~, at its length) that line opens or
// closes, or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return ""
	}
	for _, c := range []string{"`", "~"} {
		n := len(t) - len(strings.TrimLeft(t, c))
		if n >= 3 {
			return strings.Repeat(c, n)
		}
	}
	return ""
}

func inFence(s string) bool {
	fence := ""
	for line := range strings.SplitAfterSeq(s, "\n") {
		f := fenceOf(line)
		switch {
		case f == "":
		case fence == "":
			fence = f
		case strings.HasPrefix(strings.TrimSpace(line), fence):
			fence = ""
		}
	}
	return fence != ""
}
