package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema is the report's JSON Schema (docs/report.schema.json links to
// it): the one statement of what a valid report is, for deepreview's own
// checks and for anyone who reads report.json.
//
//go:embed report.schema.json
var Schema []byte

// compiled is the schema, compiled once per validation: reports are read
// a few at a time, and no package state is kept.
func compiled() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return nil, fmt.Errorf("report schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("report.schema.json", doc); err != nil {
		return nil, fmt.Errorf("report schema: %w", err)
	}
	return c.Compile("report.schema.json")
}

// Validate checks r against the schema. The error names the fields, as
// "/findings/2/severity".
func Validate(r *Report) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return validateJSON(data)
}

// validateJSON checks a report's JSON against the schema.
func validateJSON(data []byte) error {
	s, err := compiled()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("invalid report: %w", err)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("invalid report: %s", oneLine(err))
	}
	return nil
}

// oneLine flattens the schema library's multi-line error.
func oneLine(err error) string {
	var parts []string
	for l := range strings.Lines(err.Error()) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "jsonschema validation failed") {
			parts = append(parts, strings.TrimPrefix(l, "- "))
		}
	}
	if len(parts) > 5 {
		parts = append(parts[:5], fmt.Sprintf("and %d more", len(parts)-5))
	}
	return strings.Join(parts, "; ")
}
