// Package safetext makes untrusted text (what agents write, PR titles,
// branch names) safe to embed in deepreview's Markdown — report.md and
// the pull request comment — and on a terminal.
//
// Every function first cleans the text (Clean): it becomes valid UTF-8,
// control characters other than tab and newline are removed, and so are
// the bidirectional overrides that make text display in another order
// than it is stored. Then, by context:
//
//   - Markdown is block text (a finding's body, a summary): it keeps its
//     Markdown formatting (emphasis, lists, tables, code) but can open no
//     heading, no HTML element or comment, no link or image, and no
//     link reference definition; @mentions are broken with a zero-width
//     space; a fence left open is closed. The result is checked by
//     parsing it again; text that cannot be made safe is fenced whole.
//   - Inline is text inside a line (a title); Cell is text in a table
//     cell; Code is an inline code span.
//   - Fence is a code block that no text inside it can close: the
//     appendix holds each agent's whole review in one.
//   - Terminal removes escape sequences (CSI, OSC — OSC 52 writes the
//     clipboard — DCS …) besides the controls.
//
// Nothing these functions return contains "<!--" (an HTML comment
// opener), so deepreview's comment marker cannot appear in agent text,
// even inside code.
//
// Why a zero-width space for mentions: GitHub finds mentions in the HTML
// it renders, after Markdown escapes are resolved, so "\@user" and
// "&#64;user" still notify; a code span would not, but changes how the
// text looks. "@\u200buser" looks the same, notifies nobody, and is what
// Dependabot writes for the same reason.
package safetext
