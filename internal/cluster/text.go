package cluster

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// stopwords are words that say nothing about which defect a finding is
// about: English glue and the vocabulary every review uses.
var stopwords = toSet(`a an and are as at be been but by can could does did do for from has have if in into is it its
its itself may might more must no not of on once only or other our out over same should so some such than that the their
them then there these they this those through to too under until up very was were what when where which while who why will
with would you your also just any each both all how new used use using uses one two via than instead without within
because about after before between during here now ever even never still yet make makes made get gets got see line lines
file files code fix issue issues problem bug finding change changes changed call calls called case cases value values
return returns returned function method func err error errors nil true false go let`)

func toSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// words splits text into lower-case word tokens: letters and digits, with
// camelCase and snake_case kept whole (an identifier is one token) and
// also split into its parts.
func words(text string, emit func(w string, part bool)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		tok := text[start:end]
		start = -1
		whole := normalize(tok)
		if whole != "" {
			emit(whole, false)
		}
		parts := splitIdent(tok)
		if len(parts) < 2 {
			return
		}
		for _, p := range parts {
			if n := normalize(p); n != "" && n != whole {
				emit(n, true)
			}
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
}

// splitIdent splits camelCase and snake_case identifiers into parts.
func splitIdent(s string) []string {
	var parts []string
	start := 0
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		switch {
		case rs[i] == '_':
			parts = append(parts, string(rs[start:i]))
			start = i + 1
		case unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]):
			parts = append(parts, string(rs[start:i]))
			start = i
		}
	}
	if start < len(rs) {
		parts = append(parts, string(rs[start:]))
	}
	return parts
}

// normalize lower-cases a token, drops stopwords and short or numeric
// tokens, and strips a plural "s" so "races" and "race" agree.
func normalize(tok string) string {
	t := strings.ToLower(strings.Trim(tok, "_"))
	if len(t) < 3 || stopwords[t] || isNumber(t) {
		return ""
	}
	if len(t) > 4 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") {
		t = t[:len(t)-1]
	}
	return t
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// backticked returns the spans of text quoted in single backticks, outside
// fenced code blocks.
func backticked(text string) []string {
	var spans []string
	inFence := false
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for {
			i := strings.IndexByte(line, '`')
			if i < 0 {
				break
			}
			j := strings.IndexByte(line[i+1:], '`')
			if j < 0 {
				break
			}
			spans = append(spans, line[i+1:i+1+j])
			line = line[i+j+2:]
		}
	}
	return spans
}

// Weights of a token by where it occurs.
const (
	weightBody  = 1.0
	weightTitle = 3.0
	weightIdent = 3.0
	weightPart  = 0.5 // a part of an identifier counts less than the whole
)

// vector is a weighted bag of words, sorted by word, with its norm.
// Words are numbered in their sorted order (see vectors), so comparing
// numbers compares words. Sums over a vector run in word order, so equal
// inputs give bit-identical scores: ties between pairs stay ties, and the
// total order of Candidates, not the order a map happens to iterate in,
// breaks them.
type vector struct {
	terms []term
	norm  float64
}

type term struct {
	word   int // the word's rank in the sorted vocabulary
	weight float64
}

// terms counts the weighted terms of a finding, before idf.
func terms(title, body string) map[string]float64 {
	tf := make(map[string]float64)
	add := func(weight float64) func(string, bool) {
		return func(w string, part bool) {
			if part {
				tf[w] += weight * weightPart
				return
			}
			tf[w] += weight
		}
	}
	words(title, add(weightTitle))
	words(body, add(weightBody))
	conceptsOf(title, func(c string) { tf[c] += weightTitle * conceptWeight })
	conceptsOf(body, func(c string) { tf[c] += weightBody * conceptWeight })
	for _, span := range backticked(title + "\n" + body) {
		words(span, add(weightIdent))
	}
	return tf
}

// weigh turns term counts into a vector: dampened counts times idf. ids
// numbers every word in sorted order.
func weigh(tf map[string]float64, idf func(string) float64, ids map[string]int) vector {
	words := make([]string, 0, len(tf))
	for t := range tf {
		words = append(words, t)
	}
	slices.Sort(words)
	v := vector{terms: make([]term, len(words))}
	for i, t := range words {
		c := tf[t]
		x := (1 + math.Log(c)) * idf(t)
		if c < 1 {
			x = c * idf(t)
		}
		v.terms[i] = term{ids[t], x}
		v.norm += x * x
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

// cosine is the cosine similarity of two vectors, 0 when either is empty.
func cosine(a, b vector) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(a.terms) && j < len(b.terms); {
		switch x, y := a.terms[i].word, b.terms[j].word; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			dot += a.terms[i].weight * b.terms[j].weight
			i, j = i+1, j+1
		}
	}
	return dot / (a.norm * b.norm)
}
