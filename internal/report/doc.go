// Package report is the consolidated report (spec §4 of report-format.md):
// its model, and one printer per output format.
//
//   - Markdown (markdown.go, header.go, findings.go, retro.go, notes.go)
//     writes the report people read, laid out like the real reports.
//   - JSON and ReadJSON (json.go, validate.go) write and read the stored
//     report.json; docs/report.schema.json is its schema.
//   - SARIF (sarif.go) writes the findings for code scanning.
//
// Every printer is deterministic: the same report gives the same bytes.
//
// Agent text is untrusted. Markdown writes each text through safetext for
// its context (block, line, table cell, code span, fence), so no agent
// text changes the report's headings or <details> blocks, mentions
// anyone, or carries control characters; JSON keeps the text exactly.
// Redact (redact.go) removes secrets from every text of a report and
// counts them in Report.Redactions; PostBlocked says when a report must
// not be posted without an override.
package report
