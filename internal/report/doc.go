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
package report
