package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// JSON writes r indented by two spaces. Lists are written as [] and maps
// as {} even when empty, so the output is stable: JSON, ReadJSON and JSON
// again give the same bytes.
func JSON(w io.Writer, r *Report) error {
	n := normalized(*r)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&n); err != nil {
		return fmt.Errorf("encode report %s: %w", r.ID, err)
	}
	return nil
}

// ReadJSON reads one report. Unknown fields, trailing data, wrong types
// and values outside the vocabulary of the schema are errors that say
// where the problem is.
func ReadJSON(rd io.Reader) (*Report, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, decodeError(data, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: data after the report", position(data, dec.InputOffset()))
	}
	if err := validateJSON(data); err != nil {
		return nil, err
	}
	return &r, nil
}

// decodeError adds the line and column to a JSON error.
func decodeError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("empty input, want a report in JSON")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("unexpected end of input: truncated JSON")
	case errors.As(err, &syn):
		return fmt.Errorf("%s: invalid JSON: %w", position(data, syn.Offset), err)
	case errors.As(err, &typ):
		return fmt.Errorf("%s: field %q: cannot use JSON %s as %s", position(data, typ.Offset), typ.Field, typ.Value, typ.Type)
	}
	return fmt.Errorf("invalid report: %w", err)
}

// position is "line L, column C" of a byte offset.
func position(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - int64(bytes.LastIndexByte(before, '\n'))
	return fmt.Sprintf("line %d, column %d", line, col)
}

// normalized is a copy of r whose lists and maps are never nil.
func normalized(r Report) Report {
	r.Change.Commits = orEmpty(r.Change.Commits)
	r.Findings = orEmpty(r.Findings)
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Locations = orEmpty(f.Locations)
		f.Agents = orEmpty(f.Agents)
		f.Sources = orEmpty(f.Sources)
	}
	r.Dropped = orEmpty(r.Dropped)
	r.DesignObservations = orEmpty(r.DesignObservations)
	r.AcknowledgedLimitations = orEmpty(r.AcknowledgedLimitations)
	r.Retro.Agents = orEmpty(r.Retro.Agents)
	for i := range r.Retro.Agents {
		a := &r.Retro.Agents[i]
		a.CoverageMisses = orEmpty(a.CoverageMisses)
		if a.ToolCalls.ByTool == nil {
			a.ToolCalls.ByTool = map[string]int{}
		}
	}
	r.Retro.Reconciliation = orEmpty(r.Retro.Reconciliation)
	r.ProcessNotes.RepoContextUpdates = orEmpty(r.ProcessNotes.RepoContextUpdates)
	r.ProcessNotes.SkillImprovements = orEmpty(r.ProcessNotes.SkillImprovements)
	r.Appendix = orEmpty(r.Appendix)
	return r
}

// orEmpty is a copy of s, empty rather than nil, so normalizing never
// writes into the caller's report.
func orEmpty[T any](s []T) []T {
	return append(make([]T, 0, len(s)), s...)
}
