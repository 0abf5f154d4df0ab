package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/deepreview/deepreview/internal/filelock"
	"github.com/deepreview/deepreview/internal/report"
)

// ResolutionFile is where a review keeps the author's answer to it.
const ResolutionFile = "resolution.json"

// resolutionLock is the file UpdateResolution locks.
const resolutionLock = ".resolution.lock"

// UpdateResolution reads the review's resolution (an empty one when none
// was recorded), lets change amend it and stores it, holding a lock for
// the whole: two `deepreview resolve` sessions of one review, each saving
// what its user answered, both keep their answers (a read-then-write
// would keep only the later one's).
func (r *Review) UpdateResolution(ctx context.Context, change func(*report.Resolution) error) error {
	unlock, err := filelock.Lock(ctx, filepath.Join(r.Dir, resolutionLock))
	if err != nil {
		return fmt.Errorf("review %s: %w", r.ID, err)
	}
	defer unlock()
	res, err := r.Resolution()
	if err != nil {
		return err
	}
	if res == nil {
		res = &report.Resolution{}
	}
	if res.Findings == nil {
		res.Findings = map[string]report.Resolved{}
	}
	if err := change(res); err != nil {
		return err
	}
	return r.saveResolution(res)
}

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

// saveResolution stores the author's resolution of the review, replacing
// any earlier one: only UpdateResolution calls it, under its lock.
func (r *Review) saveResolution(res *report.Resolution) error {
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
