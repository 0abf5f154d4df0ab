package sandbox

import (
	"errors"
	"fmt"
)

// Mode says what to do when no sandbox is available.
type Mode string

const (
	Auto    Mode = "auto"    // sandbox when available, else run with a warning
	Require Mode = "require" // no sandbox available is an error
	Off     Mode = "off"     // user accepts the risk
)

// ParseMode returns the Mode named s.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Auto, Require, Off:
		return m, nil
	}
	return "", fmt.Errorf("sandbox mode %q: want %s, %s or %s", s, Auto, Require, Off)
}

// ErrUnavailable is returned by Use when Require meets a machine without
// a sandbox.
var ErrUnavailable = errors.New("no sandbox available")

// Use says whether to confine agents under mode m on a machine whose
// sandbox is s: true to confine; false to run unconfined (Off, or Auto
// without a sandbox: the caller warns with s.String()); an error wrapping
// ErrUnavailable for Require without a sandbox.
func (m Mode) Use(s Status) (bool, error) {
	switch m {
	case Off:
		return false, nil
	case Require:
		if !s.Available() {
			return false, fmt.Errorf("sandbox mode %s: %w (%s)", m, ErrUnavailable, s)
		}
		return true, nil
	case Auto, "":
		return s.Available(), nil
	}
	return false, fmt.Errorf("sandbox mode %q: want %s, %s or %s", string(m), Auto, Require, Off)
}
