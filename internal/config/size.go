package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits bound what deepreview keeps of an agent's output, in bytes; 0
// means "not set here".
type Limits struct {
	Transcript int64 // stdout kept in transcript.jsonl
	Stderr     int64 // stderr kept in stderr.txt
	Review     int64 // the review text
}

// or fills the zero fields of l from d.
func (l Limits) or(d Limits) Limits {
	if l.Transcript == 0 {
		l.Transcript = d.Transcript
	}
	if l.Stderr == 0 {
		l.Stderr = d.Stderr
	}
	if l.Review == 0 {
		l.Review = d.Review
	}
	return l
}

// limitsFile is a limits table: sizes as a number of bytes or a string
// such as "256MiB".
type limitsFile struct {
	Transcript *size `toml:"transcript"`
	Stderr     *size `toml:"stderr"`
	Review     *size `toml:"review"`
}

func (f *limitsFile) limits() Limits {
	if f == nil {
		return Limits{}
	}
	var l Limits
	for _, p := range []struct {
		dst *int64
		src *size
	}{{&l.Transcript, f.Transcript}, {&l.Stderr, f.Stderr}, {&l.Review, f.Review}} {
		if p.src != nil {
			*p.dst = int64(*p.src)
		}
	}
	return l
}

// size is a byte count written as an integer or as a number with a unit:
// B, KiB, MiB, GiB (powers of 1024) or KB, MB, GB (powers of 1000).
type size int64

var units = []struct {
	suffix string
	factor int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}

func (s *size) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case int64:
		if v <= 0 {
			return fmt.Errorf("%d is not a positive size", v)
		}
		*s = size(v)
		return nil
	case string:
		n, err := parseSize(v)
		if err != nil {
			return err
		}
		*s = size(n)
		return nil
	}
	return fmt.Errorf("want a size like \"256MiB\" or a number of bytes, not a %T", v)
}

func parseSize(text string) (int64, error) {
	t := strings.TrimSpace(text)
	factor := int64(1)
	for _, u := range units {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, factor = strings.TrimSpace(num), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/factor {
		return 0, fmt.Errorf("%q is not a positive size like \"256MiB\", \"2MB\" or 4096", text)
	}
	return n * factor, nil
}
