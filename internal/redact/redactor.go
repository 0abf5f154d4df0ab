package redact

import (
	"encoding/json"
	"slices"
	"strings"
)

// minValue is the shortest environment value redacted: shorter ones
// ("true", "8080") are not secrets worth wrecking text for.
const minValue = 8

const envMark = "[REDACTED:env-value]"

// Redactor redacts one run's secrets. It holds the secret values of the
// environment it was built from and is safe for concurrent use. A nil
// Redactor redacts private keys and known token formats only.
type Redactor struct {
	values []string // the values and their JSON-escaped forms, longest first
}

// New returns a Redactor for the values of the variables in environ
// ("NAME=value", as os.Environ gives) whose names look secret — ending in
// _KEY, _TOKEN or _SECRET, or holding PASSWORD, case aside — or are one
// of extraNames (the configuration's secret_env).
func New(environ []string, extraNames []string) *Redactor {
	extra := map[string]bool{}
	for _, n := range extraNames {
		extra[strings.ToUpper(n)] = true
	}
	seen := map[string]bool{}
	r := &Redactor{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !(secretName(name) || extra[strings.ToUpper(name)]) || !secretValue(value) {
			continue
		}
		for _, v := range []string{value, jsonEscaped(value)} {
			if !seen[v] {
				seen[v] = true
				r.values = append(r.values, v)
			}
		}
	}
	// Longest first, so that a value's JSON-escaped form goes before the
	// raw value it contains, and a value before a shorter one inside it.
	slices.SortFunc(r.values, func(a, b string) int { return len(b) - len(a) })
	return r
}

func secretName(name string) bool {
	n := strings.ToUpper(name)
	return strings.HasSuffix(n, "_KEY") || strings.HasSuffix(n, "_TOKEN") ||
		strings.HasSuffix(n, "_SECRET") || strings.Contains(n, "PASSWORD")
}

// secretValue reports whether value is worth redacting: long enough, not
// a path (a key *file* in SSH_KEY=/home/…), not a number.
func secretValue(v string) bool {
	if len(v) < minValue || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~/") || strings.HasPrefix(v, "./") {
		return false
	}
	return strings.Trim(v, "0123456789.") != ""
}

// jsonEscaped is v as it appears inside a JSON string.
func jsonEscaped(v string) string {
	b, _ := json.Marshal(v)
	return string(b[1 : len(b)-1])
}

// String returns s with its secrets replaced, and how many of each class
// it replaced.
func (r *Redactor) String(s string) (string, Counts) {
	var st keyState
	return r.redact(s, &st)
}

// redact redacts one piece of a text; st carries an open private-key
// block from the piece before.
func (r *Redactor) redact(s string, st *keyState) (string, Counts) {
	var c Counts
	s, c.PrivateKey = redactKeys(s, st)
	s, c.KnownToken = redactTokens(s)
	if r != nil {
		s, c.EnvValue = r.redactValues(s)
	}
	return s, c
}

func (r *Redactor) redactValues(s string) (string, int) {
	n := 0
	for _, v := range r.values {
		if k := strings.Count(s, v); k > 0 {
			s = strings.ReplaceAll(s, v, envMark)
			n += k
		}
	}
	return s, n
}
