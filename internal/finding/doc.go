// Package finding holds one agent's review as structured data (spec §3 of
// report-format.md) and the parser that builds it from the Markdown real
// agents write.
package finding
