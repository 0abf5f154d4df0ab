package finding

import (
	"regexp"
	"strings"
)

// The layout transformations of the metamorphic test: each rewrites a
// review the way some real agent writes the same content, and must not
// change what the parser reads from it. They find what they rewrite with
// their own line scan (mscan), sharing no code with the parser, so that a
// blind spot of the parser is not also a blind spot of the test.

// transform is one named layout change.
type transform struct {
	name string
	fn   func(string) string
	// norm, when set, rewrites the parse of the transformed review where
	// the transformation legitimately changes what is read.
	norm func(*shape)
	// rare marks a transformation whose input layout a corpus may not
	// hold (entry headings): changing no review is then no failure.
	rare bool
}

// mline is one line of a review as the transformations see it.
type mline struct {
	text   string // without its line ending
	code   bool   // inside a code fence, or a code fence line
	level  int    // ATX heading level; 0 when the line is no heading
	region string // refSection of the last section heading or label
	entry  byte   // 'L' letter id, 'N' numbered bold, 'W' worded, 0 none
	first  bool   // the first entry of its group
}

var (
	mFence   = regexp.MustCompile("^\\s*(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$")
	mLetter  = regexp.MustCompile(`^(?:[-*+]\s+)?(?:#{1,7}\s+)?(?:\*\*)?[CIS]\d{1,3}(?:\*\*)?(?:[.:)]|\s[—–-]\s)`)
	mTag     = regexp.MustCompile(`(?i)\((critical|important|suggestion)\s*,\s*(regression|gap|enhancement|documentation)\)`)
	mLocSpan = regexp.MustCompile("`([^`\\s:,;]+)(?::(\\d+(?:[-–]\\d+)?(?:,\\s*\\d+(?:[-–]\\d+)?)*))?`")
	mNone    = regexp.MustCompile(`(?i)^(\s*(?:[-*+]\s+)?)(?:\*|_)?(?:none|n/a|none found|none identified)\.?(?:\*|_)?\s*$`)
)

// mscan reads the lines of a review: fences (a ```markdown or ````md
// fence, or a bare fence opening the review, wraps it and is read
// through), headings, the section each line is in and the entry lines.
func mscan(s string) []mline {
	raw := strings.Split(s, "\n")
	out := make([]mline, len(raw))
	var sc scanner
	for i, l := range raw {
		out[i] = sc.line(l)
	}
	return out
}

// scanner is the state of mscan between lines.
type scanner struct {
	codeFence, wrapFence string
	region               string
	regionLevel, entries int
	seenText             bool
}

func (sc *scanner) line(l string) mline {
	m := mline{text: l, region: sc.region}
	t := strings.TrimLeft(l, " \t")
	if (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) && sc.fence(&m) {
		return m
	}
	if sc.codeFence != "" {
		m.code = true
		return m
	}
	sc.seenText = sc.seenText || t != ""
	if (strings.HasPrefix(t, "#") || strings.Contains(t, "**") || strings.Contains(t, "__")) && sc.heading(&m) {
		return m
	}
	if isFindingRegion(sc.region) {
		sc.entry(&m)
	}
	return m
}

// fence reads a fence line; false when the line is none.
func (sc *scanner) fence(m *mline) bool {
	f := mFence.FindStringSubmatch(m.text)
	if f == nil {
		return false
	}
	info := strings.ToLower(f[2])
	switch {
	case sc.codeFence != "":
		if f[1][0] == sc.codeFence[0] && len(f[1]) >= len(sc.codeFence) && f[2] == "" {
			sc.codeFence = ""
		}
		m.code = true
	case sc.wrapFence != "" && f[1][0] == sc.wrapFence[0] && len(f[1]) >= len(sc.wrapFence) && f[2] == "":
		sc.wrapFence = ""
	case sc.wrapFence == "" && (info == "markdown" || info == "md" || info == "" && !sc.seenText):
		sc.wrapFence = f[1]
	default:
		sc.codeFence, m.code = f[1], true
	}
	sc.seenText = true
	return true
}

// heading reads a heading or label line; true when it opens a section.
func (sc *scanner) heading(m *mline) bool {
	var text string
	if h := refHeading.FindStringSubmatch(m.text); h != nil {
		m.level, text = len(h[1]), h[2]
	} else if lb := refLabel.FindStringSubmatch(m.text); lb != nil {
		text = lb[1]
	} else {
		return false
	}
	if c := refSection(text); c != "" {
		sc.region, sc.entries = c, 0
		if m.level > 0 {
			sc.regionLevel = m.level
		}
		return true
	}
	if m.level > 0 && m.level <= sc.regionLevel && !mLetter.MatchString(m.text) {
		sc.region = "" // an unknown section at the level of the known ones
	}
	m.region = sc.region
	return false
}

// entry marks an entry line of a findings region.
func (sc *scanner) entry(m *mline) {
	switch {
	case mLetter.MatchString(m.text):
		m.entry = 'L'
	case refBracket.MatchString(m.text):
		m.entry = 'W'
	case sc.region != "findings" && refNumber.MatchString(m.text):
		m.entry = 'N'
	default:
		return
	}
	m.first = sc.entries == 0
	sc.entries++
}

func isFindingRegion(r string) bool {
	return r == "findings" || r == "critical" || r == "important" || r == "suggestion"
}

// joinLines puts lines back together.
func joinLines(ls []mline) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return strings.Join(out, "\n")
}

// eachLine rewrites every line for which f returns true, on the scan of s.
func eachLine(s string, f func(l *mline) bool) string {
	ls := mscan(s)
	changed := false
	for i := range ls {
		changed = f(&ls[i]) || changed
	}
	if !changed {
		return s
	}
	return joinLines(ls)
}

func compose(ts ...transform) transform {
	var names []string
	for _, t := range ts {
		names = append(names, t.name)
	}
	return transform{
		name: strings.Join(names, "+"),
		fn: func(s string) string {
			for _, t := range ts {
				s = t.fn(s)
			}
			return s
		},
		norm: func(sh *shape) {
			for _, t := range ts {
				if t.norm != nil {
					t.norm(sh)
				}
			}
		},
	}
}

// transforms are the single transformations, then a few compositions.
func transforms() []transform {
	single := []transform{
		{name: "fence-markdown", fn: wrapFence("markdown", 3, true)},
		{name: "fence-markdown-unbalanced", fn: wrapFence("markdown", 3, false)},
		{name: "fence-md4", fn: wrapFence("md", 4, true)},
		{name: "fence-bare", fn: wrapFence("", 3, true)},
		{name: "fence-bare-unbalanced", fn: wrapFence("", 3, false)},
		{name: "indent4", fn: indent4},
		{name: "heading+1", fn: shiftHeadings(1)},
		{name: "heading-1", fn: shiftHeadings(-1)},
		{name: "entry-heading-to-bold", fn: entryHeadingToBold, rare: true},
		{name: "entry-bold-to-heading", fn: entryBoldToHeading},
		{name: "id-colon", fn: idColon},
		{name: "entry-bullets", fn: entryBullets},
		{name: "title-dash-hyphen", fn: titleDash(" - ")},
		{name: "title-dash-en", fn: titleDash(" – ")},
		{name: "loc-next-line", fn: locNextLine},
		{name: "sections-to-bold", fn: sectionsToBold},
		{name: "labels-to-headings", fn: labelsToHeadings},
		{name: "tag-italic", fn: tagWrapped("*")},
		{name: "tag-underscore", fn: tagWrapped("_")},
		{name: "tag-bold", fn: tagWrapped("**")},
		{name: "tag-in-title", fn: tagInTitle},
		{name: "tag-next-line", fn: tagNextLine},
		{name: "tag-before-location", fn: tagBeforeLocation},
		{name: "tag-extra-words", fn: tagExtraWords},
		{name: "loc-en-dash", fn: onLocations(locEnDash)},
		{name: "loc-link", fn: onLocations(locLink)},
		{name: "loc-link-github", fn: onLocations(locGitHub)},
		{name: "loc-absolute", fn: onLocations(locAbsolute), norm: stripRoot},
		{name: "loc-one-span", fn: locOneSpan},
		{name: "no-blank-between-entries", fn: noBlankBetweenEntries},
		{name: "table-rule-glued", fn: tableRuleGlued},
		{name: "crlf", fn: withCRLF},
		{name: "trailing-spaces", fn: trailingSpaces},
		{name: "bom", fn: withBOM},
		{name: "tabs", fn: tabIndent},
		{name: "none-na", fn: placeholder("N/A")},
		{name: "none-italic", fn: placeholder("_None._")},
		{name: "none-bullet", fn: placeholder("- None.")},
		{name: "none-words", fn: placeholder("None identified.")},
		{name: "coverage-file-path", fn: coverageHeader("File Path")},
		{name: "coverage-changed-file", fn: coverageHeader("Changed File")},
		{name: "coverage-path", fn: coverageHeader("Path")},
		{name: "coverage-to-table", fn: coverageToTable},
		{name: "coverage-to-bullets", fn: coverageToBullets},
		{name: "verification-label", fn: verificationLog(logLabel)},
		{name: "verification-paragraph", fn: verificationLog(logPara)},
		{name: "verification-plain", fn: verificationLog(logPlain)},
	}
	by := map[string]transform{}
	for _, t := range single {
		by[t.name] = t
	}
	chat := transform{name: "chatter", fn: chatter}
	// Layouts no review of the corpus combines. The rewrites of lines come
	// before the wrappers, which hide the lines from the scan.
	composed := []transform{
		compose(by["heading+1"], by["fence-markdown"], by["crlf"]),
		compose(by["tag-italic"], by["loc-link"], by["indent4"]),
		compose(by["no-blank-between-entries"], by["fence-md4"], by["bom"]),
		compose(by["entry-bold-to-heading"], by["tag-next-line"], by["tabs"]),
		compose(by["entry-bold-to-heading"], by["entry-heading-to-bold"], by["tag-in-title"]),
		compose(by["heading-1"], by["table-rule-glued"], by["trailing-spaces"], by["none-na"]),
		compose(by["loc-absolute"], by["loc-en-dash"], by["fence-bare"], chat),
		compose(by["tag-bold"], by["loc-one-span"], by["coverage-changed-file"], by["verification-label"], by["indent4"]),
		compose(by["tag-before-location"], by["tag-extra-words"], by["heading+1"], by["crlf"], by["bom"]),
		compose(by["none-italic"], by["coverage-path"], by["verification-plain"], by["table-rule-glued"], chat, by["fence-markdown-unbalanced"]),
		compose(by["entry-bold-to-heading"], by["heading+1"], by["heading+1"], by["loc-link"]),
		compose(by["heading-1"], by["heading-1"], by["entry-bold-to-heading"], by["tag-extra-words"]),
		compose(by["tabs"], by["crlf"], by["indent4"]),
		compose(by["entry-bullets"], by["tag-next-line"], by["no-blank-between-entries"], by["tabs"]),
		compose(by["id-colon"], by["title-dash-hyphen"], by["loc-link"], by["heading+1"], by["fence-md4"]),
		compose(by["loc-next-line"], by["tag-bold"], by["sections-to-bold"], by["indent4"]),
		compose(by["sections-to-bold"], by["entry-bold-to-heading"], by["coverage-to-table"], by["table-rule-glued"], by["fence-markdown"]),
		compose(by["labels-to-headings"], by["coverage-to-bullets"], by["tabs"], by["loc-link-github"], by["tag-underscore"]),
		compose(by["none-bullet"], by["no-blank-between-entries"], by["table-rule-glued"], by["trailing-spaces"], by["fence-bare-unbalanced"]),
		compose(by["loc-link"], by["tag-in-title"], by["verification-plain"], by["indent4"], by["fence-md4"], by["bom"], by["crlf"]),
	}
	return append(single, composed...)
}
