package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
)

// Reviewdog's Diagnostic Format, one JSON Diagnostic per line (rdjsonl;
// https://github.com/reviewdog/reviewdog/tree/master/proto/rdf), so that
// `deepreview review --format rdjsonl | reviewdog -f=rdjsonl` reaches any
// of reviewdog's reporters. Field names are protojson's for the rdf
// messages; lines are linewise ranges (no columns), which reviewdog reads
// as whole lines, end included.
type (
	rdDiagnostic struct {
		Message          string              `json:"message"`
		Location         *rdLocation         `json:"location,omitempty"`
		Severity         string              `json:"severity,omitempty"`
		Source           rdSource            `json:"source"`
		Code             *rdCode             `json:"code,omitempty"`
		RelatedLocations []rdRelatedLocation `json:"related_locations,omitempty"`
		Suggestions      []rdSuggestion      `json:"suggestions,omitempty"`
	}
	// rdSuggestion replaces whole lines (a range without columns), which
	// reviewdog's GitHub reporter turns into a suggestion block.
	rdSuggestion struct {
		Range rdRange `json:"range"`
		Text  string  `json:"text"`
	}
	rdLocation struct {
		Path  string   `json:"path"`
		Range *rdRange `json:"range,omitempty"`
	}
	rdRange struct {
		Start rdPosition  `json:"start"`
		End   *rdPosition `json:"end,omitempty"`
	}
	rdPosition struct {
		Line int `json:"line"`
	}
	rdSource struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	rdCode struct {
		Value string `json:"value"`
	}
	rdRelatedLocation struct {
		Message  string     `json:"message,omitempty"`
		Location rdLocation `json:"location"`
	}
)

// maxRDMessage bounds a diagnostic's message in runes. reviewdog reads
// rdjsonl with a bufio.Scanner, whose default token limit is 64 KiB: a
// longer line makes reviewdog reject the whole input. Escaped, a rune is
// at most 6 bytes, so 8,000 runes stay well under the limit.
const maxRDMessage = 8000

// maxRDLine is the longest line written with a suggestion: under
// reviewdog's 64 KiB token limit with room to spare. A diagnostic whose
// suggestion would make its line longer goes without it (the fix is in
// its message).
const maxRDLine = 60 << 10

// maxRDRelated bounds the related locations of one diagnostic, for the
// same reason.
const maxRDRelated = 20

// RDJSONL writes the report's findings in reviewdog's rdjsonl format.
func RDJSONL(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for _, f := range r.Findings {
		d := rdFinding(f)
		line.Reset()
		err := enc.Encode(d)
		if err == nil && line.Len() > maxRDLine && d.Suggestions != nil {
			d.Suggestions = nil
			line.Reset()
			err = enc.Encode(d)
		}
		if err != nil {
			return fmt.Errorf("encode rdjsonl of %s: %w", r.ID, err)
		}
		bw.Write(line.Bytes())
	}
	return bw.Flush()
}

func rdFinding(f Finding) rdDiagnostic {
	d := rdDiagnostic{
		Message:  rdMessage(f),
		Severity: rdSeverity(f.Severity),
		Source:   rdSource{Name: "deepreview", URL: "https://github.com/deepreview/deepreview"},
	}
	if k := strings.TrimSpace(f.Kind); k != "" {
		d.Code = &rdCode{Value: k}
	}
	for i, l := range f.Locations {
		loc := rdLoc(l)
		if i == 0 {
			d.Location = &loc
			continue
		}
		if len(d.RelatedLocations) == maxRDRelated {
			break
		}
		d.RelatedLocations = append(d.RelatedLocations, rdRelatedLocation{Message: f.ID + " also here", Location: loc})
	}
	if code, ok := Suggestion(f); ok && d.Location.Range != nil {
		d.Suggestions = []rdSuggestion{{Range: *d.Location.Range, Text: strings.ToValidUTF8(code, "\uFFFD")}}
	}
	return d
}

// rdMessage is the finding as a reporter shows it: its id and title in
// bold, the body and the fix, and the agents that found it.
func rdMessage(f Finding) string {
	msg := "**" + f.ID + ". " + strings.TrimSpace(f.Title) + "**"
	for _, part := range []string{f.Body, f.Fix} {
		if p := strings.TrimSpace(part); p != "" {
			msg += "\n\n" + p
		}
	}
	if len(f.Agents) > 0 {
		msg += "\n\nFound by " + strings.Join(f.Agents, ", ") + "."
	}
	// JSON has no invalid UTF-8: make the replacement here, once per run
	// of bad bytes, so the message reviewdog reads is the one written.
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	if r := []rune(msg); len(r) > maxRDMessage {
		msg = string(r[:maxRDMessage-1]) + "…"
	}
	return msg
}

func rdLoc(l finding.Location) rdLocation {
	loc := rdLocation{Path: l.Path}
	if l.StartLine > 0 {
		loc.Range = &rdRange{Start: rdPosition{Line: l.StartLine}}
		if l.EndLine > l.StartLine {
			loc.Range.End = &rdPosition{Line: l.EndLine}
		}
	}
	return loc
}

func rdSeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "ERROR"
	case finding.Important:
		return "WARNING"
	case finding.Suggestion:
		return "INFO"
	}
	return ""
}
