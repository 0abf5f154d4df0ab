package redact

import (
	"regexp"
	"strings"
)

// token is one well-known token format. hints are literals one of which
// every match contains, so that text without any is not scanned by re.
type token struct {
	kind  string // the name in "[REDACTED:kind]"
	hints []string
	re    *regexp.Regexp
	group int  // the submatch that is the secret; 0 for the whole match
	exact bool // the format has a fixed length: no token character may follow
	mixed bool // a real one mixes upper case, lower case and digits
}

// tokens are checked in order: Anthropic's "sk-ant-" before OpenAI's
// "sk-".
var tokens = []token{
	{kind: "github-token", hints: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"},
		re: regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36,251}`)},
	{kind: "github-token", hints: []string{"github_pat_"},
		re: regexp.MustCompile(`github_pat_[A-Za-z0-9_]{59,251}`)},
	{kind: "gitlab-token", hints: []string{"glpat-"},
		re: regexp.MustCompile(`glpat-[A-Za-z0-9_\-]{20,64}`)},
	{kind: "aws-access-key-id", hints: []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		re: regexp.MustCompile(`(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`), exact: true},
	{kind: "aws-secret-key", hints: []string{"ecret_access_key", "ECRET_ACCESS_KEY", "ecretAccessKey", "ecret_Access_Key"},
		re:    regexp.MustCompile(`(?i)secret_?access_?key(?:\\*["'])?\s*(?:[:=]|=>)\s*(?:\\*["'])?([A-Za-z0-9/+]{40})`),
		group: 1, exact: true},
	{kind: "anthropic-key", hints: []string{"sk-ant-"},
		re: regexp.MustCompile(`sk-ant-[A-Za-z0-9_\-]{32,}`), mixed: true},
	{kind: "openai-key", hints: []string{"sk-"},
		re: regexp.MustCompile(`sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{32,}`), mixed: true},
	{kind: "google-api-key", hints: []string{"AIza"},
		re: regexp.MustCompile(`AIza[0-9A-Za-z_\-]{35}`), exact: true},
	{kind: "slack-token", hints: []string{"xox"},
		re: regexp.MustCompile(`xox[abposr]-[A-Za-z0-9\-]{10,250}`)},
	{kind: "slack-webhook", hints: []string{"hooks.slack.com/"},
		re: regexp.MustCompile(`https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_\-]{20,}`)},
	{kind: "stripe-key", hints: []string{"k_live_"},
		re: regexp.MustCompile(`[rs]k_live_[A-Za-z0-9]{20,247}`)},
	{kind: "npm-token", hints: []string{"npm_"},
		re: regexp.MustCompile(`npm_[A-Za-z0-9]{36}`), exact: true},
	{kind: "pypi-token", hints: []string{"pypi-AgEIcHlwaS5vcmc"},
		re: regexp.MustCompile(`pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}`)},
	{kind: "huggingface-token", hints: []string{"hf_"},
		re: regexp.MustCompile(`hf_[A-Za-z]{34}`), exact: true},
	{kind: "jwt", hints: []string{"eyJ"},
		re: regexp.MustCompile(`eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`)},
}

// redactTokens replaces every known token in s.
func redactTokens(s string) (string, int) {
	n := 0
	for i, ok := range hintIndex.present(s) {
		if !ok {
			continue
		}
		var k int
		s, k = tokens[i].replace(s)
		n += k
	}
	return s, n
}

// hints finds, in one pass over a text, which tokens' hints it holds, so
// that only their expressions run: a review holds none of most.
type hints struct {
	pairs [1 << 16]bool     // the first two bytes of some hint
	byTwo map[uint16][]hint // those hints by their first two bytes
}

type hint struct {
	lit   string
	token int
}

// hintIndex is built once from tokens and never changed.
var hintIndex = newHints()

func newHints() *hints {
	h := &hints{byTwo: map[uint16][]hint{}}
	for i, t := range tokens {
		for _, lit := range t.hints {
			k := uint16(lit[0])<<8 | uint16(lit[1])
			h.pairs[k] = true
			h.byTwo[k] = append(h.byTwo[k], hint{lit, i})
		}
	}
	return h
}

// present reports, by index in tokens, whether s holds one of the
// token's hints.
func (h *hints) present(s string) []bool {
	found := make([]bool, len(tokens))
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if !h.pairs[k] {
			continue
		}
		for _, c := range h.byTwo[k] {
			if strings.HasPrefix(s[i:], c.lit) {
				found[c.token] = true
			}
		}
	}
	return found
}

// replace replaces the matches of t in s that stand on their own: not
// after a word character (unless it ends a JSON escape such as \n), and,
// for a fixed-length format, not before another token character.
func (t *token) replace(s string) (string, int) {
	var b strings.Builder
	n, last := 0, 0
	for _, m := range t.re.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2*t.group], m[2*t.group+1]
		if start < 0 || !t.standsAlone(s, start, end) {
			continue
		}
		if n == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString("[REDACTED:" + t.kind + "]")
		last = end
		n++
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), n
}

func (t *token) standsAlone(s string, start, end int) bool {
	if t.group == 0 && start > 0 && isWord(s[start-1]) && !escapeBefore(s, start) {
		return false
	}
	if t.exact && end < len(s) && (isWord(s[end]) || s[end] == '-') {
		return false
	}
	return !t.mixed || isMixed(s[start:end])
}

// escapeBefore reports whether s[start-1] is the letter of a backslash
// escape (\n, \r, \t) as JSON writes line breaks inside a string.
func escapeBefore(s string, start int) bool {
	return start >= 2 && s[start-2] == '\\' && strings.IndexByte("nrt", s[start-1]) >= 0
}

func isWord(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// isMixed reports whether s has an upper-case letter, a lower-case letter
// and a digit, as generated keys do and words joined by dashes
// ("sk-learn-preprocessing-pipeline-…") do not.
func isMixed(s string) bool {
	var up, low, digit bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		up = up || (c >= 'A' && c <= 'Z')
		low = low || (c >= 'a' && c <= 'z')
		digit = digit || (c >= '0' && c <= '9')
	}
	return up && low && digit
}
