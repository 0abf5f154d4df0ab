package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/report"
)

// ResolutionFile is where a review keeps the author's answer to it.
const ResolutionFile = "resolution.json"

// Resolution reads the author's resolution of the review, or nil when
// none was recorded.
func (r *Review) Resolution() (*report.Resolution, error) {
	data, err := os.ReadFile(filepath.Join(r.Dir, ResolutionFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("review %s: %w", r.ID, err)
	}
	var res report.Resolution
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("review %s: %s: %w", r.ID, ResolutionFile, err)
	}
	return &res, nil
}

// SaveResolution stores the author's resolution of the review, replacing
// any earlier one (the caller merges).
func (r *Review) SaveResolution(res *report.Resolution) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return r.WriteFile(ResolutionFile, append(data, '\n'))
}

// ResolutionOf is the resolution of the review id, or nil when it has
// none or id is "".
func (s *Store) ResolutionOf(id string) (*report.Resolution, error) {
	if id == "" {
		return nil, nil
	}
	r, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	return r.Resolution()
}
