package round

import (
	"bytes"
	"io/fs"
	"strings"

	"github.com/deepreview/deepreview/internal/report"
)

// maxAnchored bounds the lines of a cited range compared across rounds:
// a finding citing a whole file is judged by its first lines.
const maxAnchored = 200

// CodeChanged reports whether the code f cites changed between two
// rounds: the lines of its first location in then (that file's content at
// the head f was reported at) no longer appear, line for line and
// whitespace aside, anywhere in the same file of now. Code that only
// moved (lines added above it) has not changed; an edited or removed line
// of the range, or a removed file, has. known is false when then holds no
// such lines (no location, no line numbers, lines past its end, only
// blank lines): the caller judges by the fingerprint instead.
func CodeChanged(then []byte, now fs.FS, f report.Finding) (changed, known bool) {
	p := primary(f)
	if p == "" || f.Locations[0].StartLine <= 0 {
		return false, false
	}
	start, end := f.Locations[0].StartLine, max(f.Locations[0].EndLine, f.Locations[0].StartLine)
	end = min(end, start+maxAnchored-1)
	old := normLines(then)
	if start > len(old) {
		return false, false
	}
	block := old[start-1 : min(end, len(old))]
	if strings.Join(block, "") == "" {
		return false, false
	}
	cur := newReader(now).read(p)
	if cur == nil {
		return true, true // the file is gone
	}
	return !containsRun(normLines(cur), block), true
}

// normLines splits data into lines with their whitespace normalized.
func normLines(data []byte) []string {
	var out []string
	for len(data) > 0 {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		out = append(out, strings.Join(strings.Fields(string(l)), " "))
		data = rest
	}
	return out
}

// containsRun reports whether block appears as consecutive lines of lines.
func containsRun(lines, block []string) bool {
	for i := 0; i+len(block) <= len(lines); i++ {
		if lines[i] != block[0] {
			continue
		}
		j := 1
		for j < len(block) && lines[i+j] == block[j] {
			j++
		}
		if j == len(block) {
			return true
		}
	}
	return false
}
