// Package report is the consolidated report (spec §4 of report-format.md):
// its model, and one printer per output format (Markdown, JSON, …).
package report
