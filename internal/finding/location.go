package finding

import (
	"strconv"
	"strings"
)

// maxLine caps line numbers: anything larger is not a line of a source
// file, and the cap keeps hostile input from building huge ranges.
const maxLine = 10_000_000

// locations reads the locations of a title line's tail: `path:10-20` code
// spans (several files in one span too: `a.go:1, b.go:2-3`), [path:10](url)
// links (the url when the text is no path), and bare `209` spans that add
// lines to the path before them. The first span may name a file with any
// extension (`App.vue`, `rdd.initd`) or none (`NOTICE:9-10`); later ones
// must look more clearly like files, since titles also quote code.
func locations(s string) []Location {
	var out []Location
	last := ""
	for i, tok := range locationTokens(s) {
		n := len(out)
		out, last = addSpan(out, tok.text, last, i == 0)
		if tok.url == "" {
			continue
		}
		target, _ := addSpan(nil, urlPath(tok.url), "", true)
		switch {
		case len(out) == n:
			// [here](pkg/a.go#L3): the target names the file.
			out = append(out, target...)
			if len(target) > 0 {
				last = target[0].Path
			}
		case len(out) == n+1 && len(target) > 0 && linkNames(out[n].Path, target[0].Path):
			text := out[n]
			out, last = append(out[:n], linkLocations(text, target)...), text.Path
			if !strings.Contains(text.Path, "/") {
				// [a.go:7](/home/u/repo/pkg/a.go#L7): the text is a bare
				// name, the target has the whole path.
				last = target[0].Path
				for k := n; k < len(out); k++ {
					out[k].Path = last
				}
			}
		}
	}
	return out
}

// linkNames reports whether a link's text names the file its target
// does, under the one path rule (Files): the same path, or a tail of it.
func linkNames(text, target string) bool {
	return NewFiles([]string{target}).Same(text, target)
}

// linkLocations are the locations of a link whose text names the file
// and whose target may hold the lines: [pkg/a.go](pkg/a.go#L12-L30) is
// pkg/a.go:12-30. Lines in the text win.
func linkLocations(text Location, target []Location) []Location {
	if text.StartLine > 0 || target[0].StartLine == 0 {
		return []Location{text}
	}
	out := make([]Location, len(target))
	for i, t := range target {
		out[i] = Location{Path: text.Path, StartLine: t.StartLine, EndLine: t.EndLine}
	}
	return out
}

// token is a code span, or the text and target of a link.
type token struct{ text, url string }

// locationTokens returns the code spans and links of s, in order.
func locationTokens(s string) []token {
	var out []token
	for i := 0; i < len(s) && len(out) < 64; i++ {
		switch s[i] {
		case '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return out
			}
			out = append(out, token{text: s[i+1 : i+1+j]})
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
			k := strings.IndexByte(s[i+1+j:], ')')
			if k < 0 {
				return append(out, token{text: strings.Trim(text, "`")})
			}
			url := s[i+1+j+2 : i+1+j+k]
			out = append(out, token{text: strings.Trim(text, "`"), url: url})
			i += j + k + 1
		}
	}
	return out
}

// urlPath is the file a link target names: a path (absolute or not, with
// a #L anchor), a file:// url, or a GitHub blob url; "" for other urls.
func urlPath(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexByte(u, ' '); i >= 0 {
		u = u[:i] // [a](path "title")
	}
	switch {
	case strings.HasPrefix(u, "file://"):
		u = strings.TrimPrefix(u, "file://")
	case strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://"):
		i := strings.Index(u, "/blob/")
		if i < 0 {
			return ""
		}
		rest := u[i+len("/blob/"):]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return ""
		}
		u = rest[j+1:]
	case strings.Contains(u, "://") || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "mailto:"):
		return ""
	}
	return u
}

// addSpan adds the locations one span names: paths with optional ranges,
// separated by commas, semicolons, spaces or "and"; a part that is only
// ranges adds lines to the path before it (last). A span with any part
// that is neither (`go test ./...`) names nothing.
func addSpan(out []Location, span, last string, loose bool) ([]Location, string) {
	if strings.ContainsAny(span, "–—") || strings.Contains(span, " - ") {
		span = rangeDashes.Replace(span)
	}
	parts := strings.FieldsFunc(span, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
	var add []Location
	cur := last
	for _, p := range parts {
		p = strings.TrimRight(p, ".:")
		if p == "" || p == "and" || p == "&" || p == "+" {
			continue
		}
		if cur != "" && isRanges(p) {
			add = appendRanges(add, cur, p)
			continue
		}
		path, ranges, ok := splitLocation(p, loose || len(add) > 0)
		if !ok {
			return out, last
		}
		cur = path
		add = appendRanges(add, path, ranges)
	}
	return append(out, add...), cur
}

// splitLocation splits "dir/file.go:10-20" or "file.go#L47-L50" into its
// path and ranges when tok looks like a file path. A name with line ranges
// or in a loose position may have any extension, or none.
func splitLocation(tok string, loose bool) (path, ranges string, ok bool) {
	tok = strings.TrimSpace(tok)
	// GitHub-style anchors: "file.go#L47-L50".
	if i := strings.Index(tok, "#L"); i > 0 && !strings.Contains(tok, ":") {
		tok = tok[:i] + ":" + strings.ReplaceAll(tok[i+2:], "-L", "-")
	}
	path = tok
	if i := strings.LastIndexByte(tok, ':'); i >= 0 && i > 1 {
		path, ranges = tok[:i], strings.TrimSpace(tok[i+1:])
		if !isRanges(ranges) {
			return "", "", false
		}
		loose = true
	}
	if !looksLikePath(path, loose) {
		return "", "", false
	}
	return path, ranges, true
}

// noExtNames are file names without an extension that name files.
var noExtNames = map[string]bool{
	"Makefile": true, "Dockerfile": true, "Justfile": true, "Vagrantfile": true, "Gemfile": true,
	"Rakefile": true, "Procfile": true, "Containerfile": true, "Jenkinsfile": true, "Brewfile": true,
	"LICENSE": true, "NOTICE": true, "README": true, "CODEOWNERS": true, "VERSION": true, "AUTHORS": true,
	"CHANGELOG": true, "OWNERS": true, "go.mod": true, "go.sum": true,
	".gitignore": true, ".gitmodules": true, ".gitattributes": true, ".editorconfig": true, ".dockerignore": true,
}

// looksLikePath accepts "pkg/a.go", file names with a known extension and
// the names of noExtNames; loose also accepts any extension of letters and
// digits and upper-case names. It rejects prose, flags, urls and code
// (`os.Remove`, `r.watcher` outside a loose position).
func looksLikePath(p string, loose bool) bool {
	if p == "" || len(p) > 512 || strings.ContainsAny(p, " \t()'\"=<>{}*,;$|&!?@") {
		return false
	}
	if strings.HasPrefix(p, "-") || strings.Contains(p, "://") || strings.HasPrefix(p, "http") {
		return false
	}
	if strings.Contains(p, "/") {
		return len(strings.Trim(p, "/.")) > 0
	}
	if noExtNames[p] || loose && (isUpperName(p) || p[0] == '.' && len(p) > 2 && plainExt(p[1:])) {
		return true
	}
	dot := strings.LastIndexByte(p, '.')
	if dot <= 0 || dot == len(p)-1 {
		return false
	}
	ext := p[dot+1:]
	if knownExt(ext) {
		return true
	}
	return loose && plainExt(ext) && fileName(p[:dot])
}

// isUpperName accepts "NOTICE", "LICENSE-MIT".
func isUpperName(p string) bool {
	if len(p) < 3 || len(p) > 40 {
		return false
	}
	upper := false
	for _, c := range p {
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c == '-' || c == '_' || c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return upper
}

// plainExt accepts an extension of lower-case letters and digits with a
// letter: "vue", "initd", "mp4".
func plainExt(ext string) bool {
	if len(ext) > 10 {
		return false
	}
	letter := false
	for _, c := range ext {
		switch {
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// fileName accepts the characters of a file name before its extension.
func fileName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '+') {
			return false
		}
	}
	return s != ""
}

// knownExt lists the extensions a file path without a slash may have
// anywhere on a title line.
func knownExt(ext string) bool {
	switch ext {
	case "go", "md", "bats", "bash", "sh", "zsh", "fish", "yaml", "yml", "json", "jsonc", "toml", "txt", "mod", "sum",
		"py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "vue", "svelte", "rs", "c", "h", "cc", "cpp", "hpp", "m", "mm",
		"java", "kt", "kts", "scala", "rb", "php", "pl", "lua", "ex", "exs", "erl", "hs", "ml", "dart", "r",
		"cmd", "ps1", "psm1", "bat", "mk", "cfg", "conf", "ini", "env", "xml", "html", "htm", "css", "scss", "less",
		"proto", "sql", "tf", "hcl", "nix", "lock", "zig", "swift", "cs", "fs", "vb", "gradle", "cmake", "in",
		"tmpl", "tpl", "j2", "rst", "adoc", "csv", "tsv", "svg", "plist", "service", "initd", "rc", "patch", "diff":
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

// rangeDashes writes the dashes of ranges as hyphens: "20–30", "20 - 30".
var rangeDashes = strings.NewReplacer("–", "-", "—", "-", " - ", "-")
