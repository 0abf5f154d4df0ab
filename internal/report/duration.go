package report

import "fmt"

// WallClock formats a duration in milliseconds as the header of the real
// reports does: "42 s", "13 min 40 s", "1 h 20 min 55 s". It rounds to the
// nearest second.
func WallClock(ms int64) string {
	s := roundSeconds(ms)
	h, m := s/3600, s/60%60
	s %= 60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %d min %d s", h, m, s)
	case m > 0:
		return fmt.Sprintf("%d min %d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}

// Short formats a duration in milliseconds as the retro table of the real
// reports does: "45s", "14m 04s", "1h 02m 03s". Zero (no measurement)
// is "—".
func Short(ms int64) string {
	if ms <= 0 {
		return "—"
	}
	s := roundSeconds(ms)
	h, m := s/3600, s/60%60
	s %= 60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm %02ds", h, m, s)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

func roundSeconds(ms int64) int64 {
	if ms < 0 {
		return 0
	}
	return (ms + 500) / 1000
}
