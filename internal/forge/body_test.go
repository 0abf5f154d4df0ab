package forge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func readReport(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reports", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLength(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"é", 1},
		{"😀", 2}, // one rune, two UTF-16 code units
		{"a\nb", 4},
	}
	for _, tt := range tests {
		if got := Length(tt.in); got != tt.want {
			t.Errorf("Length(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// checkBody holds for every comment body: the marker first, within
// GitHub's limit however it counts, code fences balanced.
func checkBody(t *testing.T, body string) {
	t.Helper()
	if !strings.HasPrefix(body, Marker+"\n") {
		t.Errorf("body does not start with the marker: %.80q", body)
	}
	if n := Length(body); n > MaxCommentLength-1024 {
		t.Errorf("Length = %d, over the budget", n)
	}
	if n := utf8.RuneCountInString(body); n > MaxCommentLength {
		t.Errorf("%d characters, over GitHub's limit", n)
	}
	if n := len(utf16.Encode([]rune(body))); n > MaxCommentLength {
		t.Errorf("%d UTF-16 code units, over GitHub's limit", n)
	}
	if inFence(body) {
		t.Errorf("body ends inside a code fence")
	}
}

func TestCommentBody(t *testing.T) {
	small := readReport(t, "20260313-000000-app-controller-create-delete-limavm-v2.md")
	big := readReport(t, "20260412-031335-pr-295.md") // 111 KB, 44 KB before its appendix
	numbered := readReport(t, "20260313-123900-rotate-serial-logs.md")
	beforeAppendix := big[:strings.Index(big, "## Appendix: Original Reviews")]
	// 200 KB: the big report with its retro repeated, so that leaving out
	// the appendix is not enough but emptying the retro is.
	retro := big[strings.Index(big, "## Agent Performance Retro"):strings.Index(big, "## Review Process Notes")]
	longRetro := strings.Replace(big, retro, retro+strings.Repeat(retro[strings.Index(retro, "\n"):], 20), 1)
	// 240 KB: the findings repeated; only a cut makes it fit.
	findings := big[strings.Index(big, "## Critical Issues"):strings.Index(big, "## Design Observations")]
	huge := strings.Replace(big, findings, strings.Repeat(findings, 6), 1)
	// 200 KB of emoji (two UTF-16 units each) inside one code fence.
	emoji := "# Deep Review\n\n## Important Issues\n\n```go\n" + strings.Repeat("x := \"😀😀😀😀😀😀😀😀\"\n", 7000) + "```\n"

	tests := []struct {
		name     string
		report   string
		id       string
		keep     []string // must be in the body
		drop     []string // must not be
		wantSame bool
	}{
		{name: "fits", report: small, id: "20260313-000000-x", wantSame: true},
		{name: "appendix left out", report: big, id: "20260412-031335-pr-295",
			keep: []string{beforeAppendix, "## Appendix: Original Reviews\n\n_The agents' original reviews are left out", "they are in the stored report: `deepreview show 20260412-031335-pr-295`._"},
			drop: []string{"### Claude"}},
		{name: "appendix of a numbered heading", report: numbered + strings.Repeat("filler line of an original review\n", 2500), id: "20260313-123900-rotate-serial-logs",
			keep: []string{"_The agents' original reviews are left out", "`deepreview show 20260313-123900-rotate-serial-logs`"},
			drop: []string{"filler line"}},
		{name: "200 KB: retro left out", report: longRetro, id: "20260412-031335-pr-295",
			keep: []string{beforeAppendix[:strings.Index(beforeAppendix, "## Agent Performance Retro")], "## Agent Performance Retro\n\n_Left out of this comment for length; see the stored report: `deepreview show 20260412-031335-pr-295`._\n\n## Review Process Notes"},
			drop: []string{"_This comment is cut"}},
		{name: "240 KB: cut", report: huge, id: "20260412-031335-pr-295",
			keep: []string{"## Executive Summary", "_This comment is cut to fit GitHub's 65,536-character limit", "`deepreview show 20260412-031335-pr-295`"}},
		{name: "200 KB in a fence: cut", report: emoji, id: "",
			keep: []string{"_This comment is cut to fit GitHub's 65,536-character limit", "the stored report (`deepreview show`)"}},
		{name: "a planted marker is broken", report: "# Deep Review\n\n" + Marker + "\n", id: "x",
			keep: []string{brokenMarker}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := CommentBody(tt.report, tt.id)
			checkBody(t, body)
			if strings.Count(body, Marker) != 1 {
				t.Errorf("body holds %d markers, want 1", strings.Count(body, Marker))
			}
			if tt.wantSame && body != Marker+"\n"+tt.report {
				t.Errorf("a report that fits was changed")
			}
			for _, k := range tt.keep {
				if !strings.Contains(body, k) {
					t.Errorf("body lacks %.100q", k)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(body, d) {
					t.Errorf("body still has %.100q", d)
				}
			}
		})
	}
}

func FuzzCommentBody(f *testing.F) {
	f.Add(readReport(f, "20260313-000000-app-controller-create-delete-limavm-v2.md"), "20260313-000000-x")
	f.Add("## Appendix: Original Reviews\n```\n## Agent Performance Retro\n", "")
	f.Add("😀\n~~~~\n", "p")
	f.Fuzz(func(t *testing.T, report, id string) {
		if report == "" {
			return
		}
		// Repeat small inputs past the limit so that every path runs.
		body := CommentBody(strings.Repeat(report, 70000/len(report)+1), id)
		if !strings.HasPrefix(body, Marker+"\n") || Length(body) > MaxCommentLength-1024 {
			t.Fatalf("body of %d units (%.60q…)", Length(body), body)
		}
	})
}

func BenchmarkCommentBody(b *testing.B) {
	big := readReport(b, "20260412-031335-pr-295.md")
	findings := big[strings.Index(big, "## Critical Issues"):strings.Index(big, "## Design Observations")]
	huge := strings.Replace(big, findings, strings.Repeat(findings, 6), 1)
	b.SetBytes(int64(len(huge)))
	for b.Loop() {
		CommentBody(huge, "20260412-031335-pr-295")
	}
}
