package finding

import (
	"strconv"
	"strings"
)

// maxLine caps line numbers: anything larger is not a line of a source
// file, and the cap keeps hostile input from building huge ranges.
const maxLine = 10_000_000

// locations reads the locations of a title line: `path:10-20` code spans,
// [path:10](url) links, and bare `209` spans that add lines to the path
// before them.
func locations(s string) []Location {
	var out []Location
	last := ""
	for _, tok := range locationTokens(s) {
		if path, ranges, ok := splitLocation(tok); ok {
			last = path
			out = appendRanges(out, path, ranges)
			continue
		}
		if last != "" && isRanges(tok) {
			out = appendRanges(out, last, tok)
		}
	}
	return out
}

// locationTokens returns the code spans and link texts of s, in order.
func locationTokens(s string) []string {
	var out []string
	for i := 0; i < len(s) && len(out) < 64; i++ {
		switch s[i] {
		case '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return out
			}
			out = append(out, s[i+1:i+1+j])
			i += j + 1
		case '[':
			j := strings.Index(s[i+1:], "](")
			if j < 0 {
				continue
			}
			text := s[i+1 : i+1+j]
			if strings.ContainsAny(text, "[]") {
				continue
			}
			out = append(out, strings.Trim(text, "`"))
			k := strings.IndexByte(s[i+1+j:], ')')
			if k < 0 {
				return out
			}
			i += j + k + 1
		}
	}
	return out
}

// splitLocation splits "dir/file.go:10-20, 30" into its path and ranges
// when tok looks like a file path.
func splitLocation(tok string) (path, ranges string, ok bool) {
	tok = strings.TrimSpace(tok)
	// GitHub-style anchors in link texts: "file.go#L47-L50".
	if i := strings.Index(tok, "#L"); i > 0 && !strings.Contains(tok, ":") {
		tok = tok[:i] + ":" + strings.ReplaceAll(tok[i+2:], "-L", "-")
	}
	path = tok
	if i := strings.IndexByte(tok, ':'); i >= 0 {
		path, ranges = tok[:i], strings.TrimSpace(tok[i+1:])
		if !isRanges(ranges) {
			return "", "", false
		}
	}
	if !looksLikePath(path) {
		return "", "", false
	}
	return path, ranges, true
}

// looksLikePath accepts "pkg/a.go", "Makefile"-less names with a dot
// extension, and paths with a slash; it rejects prose, flags and code.
func looksLikePath(p string) bool {
	if p == "" || len(p) > 512 || strings.ContainsAny(p, " \t()'\"=<>{}*,;$|&") {
		return false
	}
	if strings.HasPrefix(p, "-") || strings.HasPrefix(p, "http") {
		return false
	}
	if strings.Contains(p, "/") {
		return !strings.HasSuffix(p, "/") || len(p) > 1
	}
	if p == "Makefile" || p == "Dockerfile" || p == "Justfile" {
		return true
	}
	dot := strings.LastIndexByte(p, '.')
	if dot <= 0 || dot == len(p)-1 {
		return false
	}
	ext := p[dot+1:]
	if len(ext) > 5 {
		return false
	}
	for _, c := range ext {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	// "os.Remove" or "r.watcher" are Go selectors, not files: a file
	// extension has a letter and the name before it is not a Go identifier
	// starting with a lower-case letter followed by a capitalised method.
	return ext[0] >= 'a' && ext[0] <= 'z' && knownExt(ext)
}

// knownExt lists the extensions a file path without a slash may have.
func knownExt(ext string) bool {
	switch ext {
	case "go", "md", "bats", "bash", "sh", "yaml", "yml", "json", "toml", "txt", "mod", "sum",
		"py", "js", "ts", "tsx", "jsx", "rs", "c", "h", "cc", "cpp", "hpp", "java", "kt", "rb",
		"cmd", "ps1", "bat", "mk", "cfg", "ini", "xml", "html", "css", "proto", "sql", "tf", "lock", "zig", "swift", "cs":
		return true
	}
	return false
}

// isRanges accepts "10", "10-20", "10-20, 30-40", "68-80,128", "L10-L20".
func isRanges(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		a, b, _ := strings.Cut(part, "-")
		if !isLineNumber(a) || (strings.Contains(part, "-") && !isLineNumber(b)) {
			return false
		}
	}
	return true
}

func isLineNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimSpace(s), "L")
	if s == "" || len(s) > 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// appendRanges adds one location per range ("" for the whole file).
func appendRanges(out []Location, path, ranges string) []Location {
	if ranges == "" {
		return append(out, Location{Path: path})
	}
	for _, part := range strings.Split(ranges, ",") {
		a, b, isRange := strings.Cut(strings.TrimSpace(part), "-")
		start := lineNumber(a)
		end := start
		if isRange {
			end = lineNumber(b)
		}
		if start == 0 || end < start {
			end = start
		}
		out = append(out, Location{Path: path, StartLine: start, EndLine: end})
	}
	return out
}

// lineNumber parses a line number; out of range numbers count as none.
func lineNumber(s string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "L"))
	if err != nil || n <= 0 || n > maxLine {
		return 0
	}
	return n
}
