package proc

import (
	"bytes"
	"strings"
	"testing"
)

// collect writes the chunks to a Lines with maximum max and returns the
// lines it handed on and how many it dropped.
func collect(max int, chunks ...string) ([]string, int) {
	var got []string
	l := NewLines(max, func(b []byte) { got = append(got, string(b)) })
	for _, c := range chunks {
		if n, err := l.Write([]byte(c)); n != len(c) || err != nil {
			panic("short write")
		}
	}
	l.Flush()
	return got, l.Dropped
}

func TestLines(t *testing.T) {
	big := strings.Repeat("x", 3<<20) // a 3 MiB JSONL line, over bufio.Scanner's limit
	tests := []struct {
		name    string
		max     int
		chunks  []string
		want    []string
		dropped int
	}{
		{"whole lines", 0, []string{"a\nb\n"}, []string{"a", "b"}, 0},
		{"split across writes", 0, []string{"he", "llo\nwor", "ld\n"}, []string{"hello", "world"}, 0},
		{"last line without newline", 0, []string{"a\nb"}, []string{"a", "b"}, 0},
		{"empty lines kept", 0, []string{"\n\na\n"}, []string{"", "", "a"}, 0},
		{"crlf kept as is", 0, []string{"a\r\n"}, []string{"a\r"}, 0},
		{"line over 1 MiB", 0, []string{big[:1<<20], big[1<<20:] + "\n{}\n"}, []string{big, "{}"}, 0},
		{"over max dropped in one write", 4, []string{"12345\nok\n"}, []string{"ok"}, 1},
		{"over max dropped across writes", 4, []string{"12", "34", "56", "\nok\n"}, []string{"ok"}, 1},
		{"over max at end without newline", 4, []string{"ok\n123456"}, []string{"ok"}, 1},
		{"exactly max", 4, []string{"12", "34\n"}, []string{"1234"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dropped := collect(tt.max, tt.chunks...)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d lines, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d: got %.40q (len %d), want %.40q (len %d)", i, got[i], len(got[i]), tt.want[i], len(tt.want[i]))
				}
			}
			if dropped != tt.dropped {
				t.Errorf("dropped %d, want %d", dropped, tt.dropped)
			}
		})
	}
}

// FuzzLines checks that any split of any input into writes gives the
// lines bytes.Split gives, and that over-long lines are only dropped.
func FuzzLines(f *testing.F) {
	f.Add([]byte("{\"type\":\"result\"}\n{\"a\":1}\n"), uint8(3), uint16(0))
	f.Add([]byte("no newline"), uint8(1), uint16(4))
	f.Add([]byte("\n\n\r\n"), uint8(0), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, step uint8, max uint16) {
		var chunks []string
		s := int(step) + 1
		for i := 0; i < len(data); i += s {
			chunks = append(chunks, string(data[i:min(i+s, len(data))]))
		}
		got, dropped := collect(int(max), chunks...)
		limit := int(max)
		if limit <= 0 {
			limit = DefaultMaxLine
		}
		var want []string
		wantDropped := 0
		parts := bytes.Split(data, []byte("\n"))
		if len(parts) > 0 && len(parts[len(parts)-1]) == 0 {
			parts = parts[:len(parts)-1]
		}
		for _, p := range parts {
			if len(p) > limit {
				wantDropped++
				continue
			}
			want = append(want, string(p))
		}
		if dropped != wantDropped || len(got) != len(want) {
			t.Fatalf("got %d lines (%d dropped), want %d (%d dropped)", len(got), dropped, len(want), wantDropped)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("line %d: got %q, want %q", i, got[i], want[i])
			}
		}
	})
}

func TestTail(t *testing.T) {
	tests := []struct {
		name   string
		max    int
		writes []string
		want   string
	}{
		{"short", 8, []string{"ab", "cd"}, "abcd"},
		{"keeps the end", 4, []string{"abc", "def", "gh"}, "efgh"},
		{"one big write", 4, []string{"0123456789"}, "6789"},
		{"many writes", 3, strings.Split("abcdefghijklmnop", ""), "nop"},
		{"starts at a whole character", 4, []string{"aé€"}, "€"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tail := NewTail(tt.max)
			for _, w := range tt.writes {
				tail.Write([]byte(w))
			}
			if got := tail.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
