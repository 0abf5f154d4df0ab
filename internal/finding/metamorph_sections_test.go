package finding

import (
	"regexp"
	"strings"
)

// Transformations of the metamorphic test of the placeholders of empty
// sections and of the coverage summary.

func placeholder(word string) func(string) string {
	return func(s string) string {
		return eachLine(s, func(l *mline) bool {
			m := mNone.FindStringSubmatch(l.text)
			if l.code || m == nil {
				return false
			}
			prefix := m[1]
			if strings.HasPrefix(word, "- ") {
				prefix = prefix[:len(prefix)-len(strings.TrimLeft(prefix, " \t"))]
			}
			l.text = prefix + word
			return true
		})
	}
}

// coverageHeader renames the file column of the coverage tables.
func coverageHeader(name string) func(string) string {
	return func(s string) string {
		ls := mscan(s)
		for i := 0; i+1 < len(ls); i++ {
			if ls[i].code || ls[i].region != "coverage" || !strings.HasPrefix(strings.TrimSpace(ls[i].text), "|") ||
				!isTableRuleRef(ls[i+1].text) {
				continue
			}
			cells := strings.Split(ls[i].text, "|")
			for k, c := range cells {
				switch strings.ToLower(strings.Trim(c, " *_")) {
				case "file", "files", "path", "file path", "changed file":
					cells[k] = " " + name + " "
				}
			}
			ls[i].text = strings.Join(cells, "|")
		}
		return joinLines(ls)
	}
}

// coverageToTable writes the coverage bullets ("- `a.go` — I1") as a
// table.
func coverageToTable(s string) string {
	ls := mscan(s)
	var out []string
	inTable := false
	for _, l := range ls {
		m := mCovBullet.FindStringSubmatch(l.text)
		if l.code || l.region != "coverage" || m == nil || strings.Contains(l.text, "|") {
			inTable = false
			out = append(out, l.text)
			continue
		}
		if !inTable {
			out = append(out, "| File | Status |", "|------|--------|")
			inTable = true
		}
		out = append(out, "| "+m[1]+" | "+m[2]+" |")
	}
	return strings.Join(out, "\n")
}

var mCovBullet = regexp.MustCompile("^[-*+]\\s+(`[^`]+`|\\[[^\\]]+\\]\\([^)]*\\)|[\\w./-]+\\.\\w+)\\s*(?:[—–:→]|->|\\s-)\\s*(.+)$")

// coverageToBullets writes the coverage tables as bullets: "| 1 | `a.go`
// | I1 |" becomes "- `a.go` — I1".
func coverageToBullets(s string) string {
	ls := mscan(s)
	var out []string
	for i, l := range ls {
		t := strings.TrimSpace(l.text)
		if l.code || l.region != "coverage" || !strings.HasPrefix(t, "|") {
			out = append(out, l.text)
			continue
		}
		if isTableRuleRef(t) || i+1 < len(ls) && isTableRuleRef(ls[i+1].text) {
			continue // the delimiter row and the header
		}
		cells := strings.Split(strings.Trim(t, "|"), "|")
		k := 0
		if len(cells) > 2 && !strings.ContainsAny(cells[0], "./`") {
			k = 1 // a numbered first column
		}
		var rest []string
		for _, c := range cells[k+1:] {
			rest = append(rest, strings.TrimSpace(c))
		}
		out = append(out, "- "+strings.TrimSpace(cells[k])+" — "+strings.Join(rest, "; "))
	}
	return strings.Join(out, "\n")
}

func isTableRuleRef(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasPrefix(t, "|") && strings.Contains(t, "-") && strings.Trim(t, "|-: ") == ""
}

// verificationLog adds a log of what the agent ran after the last row of
// the coverage section.
func verificationLog(log string) func(string) string {
	return func(s string) string {
		ls := mscan(s)
		last := -1
		for i, l := range ls {
			t := strings.TrimSpace(l.text)
			if l.region == "coverage" && !l.code && (strings.HasPrefix(t, "|") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ")) {
				last = i
			}
		}
		if last < 0 {
			return s
		}
		var out []string
		for i, l := range ls {
			out = append(out, l.text)
			if i == last {
				out = append(out, "", log)
			}
		}
		return strings.Join(out, "\n")
	}
}

const (
	logLabel = "**Verification log**\n\n- `go test ./...` — passed\n- `cmd/tool/main_test.go` — ran, all green"
	logPara  = "Verification log: ran `go vet ./...` and `go test -race ./...` on `cmd/tool/main.go`; all green."
	logPlain = "Verification log:\n\n- `go test ./...` — passed\n- `cmd/tool/main_test.go` — ran, all green"
)
