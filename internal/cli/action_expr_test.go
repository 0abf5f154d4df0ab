package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A small evaluator of GitHub Actions expressions, for running action.yml
// in a test: context paths (inputs.fail-on, github.event.pull_request.number,
// steps.review.outputs.verdict), 'strings', numbers, true, false, null,
// ==, !=, !, &&, || and the status functions. An expression it cannot
// read fails the test, so the action cannot grow expressions the test does
// not run.

type exprStatus struct{ failed bool }

type exprParser struct {
	toks   []string
	pos    int
	ctx    map[string]any
	status exprStatus
}

// evalExpr evaluates one expression (no ${{ }}).
func evalExpr(expr string, ctx map[string]any, st exprStatus) (any, error) {
	toks, err := lexExpr(expr)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, ctx: ctx, status: st}
	v, err := p.or()
	if err != nil {
		return nil, fmt.Errorf("%q: %w", expr, err)
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("%q: unexpected %q", expr, p.toks[p.pos])
	}
	return v, nil
}

// interpolate replaces each ${{ expr }} of s by its value.
func interpolate(s string, ctx map[string]any, st exprStatus) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return "", fmt.Errorf("unclosed expression in %q", s)
		}
		v, err := evalExpr(s[i+3:i+j], ctx, st)
		if err != nil {
			return "", err
		}
		b.WriteString(s[:i] + exprString(v))
		s = s[i+j+2:]
	}
}

func lexExpr(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unclosed string in %q", s)
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||"):
			toks = append(toks, s[i:i+2])
			i += 2
		case c == '!' || c == '(' || c == ')':
			toks = append(toks, s[i:i+1])
			i++
		case c == '_' || c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '.' || s[j] == '-' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("cannot read %q in %q", c, s)
		}
	}
	return toks, nil
}

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *exprParser) or() (any, error) {
	v, err := p.and()
	for err == nil && p.peek() == "||" {
		p.pos++
		var r any
		if r, err = p.and(); !truthy(v) {
			v = r
		}
	}
	return v, err
}

func (p *exprParser) and() (any, error) {
	v, err := p.cmp()
	for err == nil && p.peek() == "&&" {
		p.pos++
		var r any
		if r, err = p.cmp(); truthy(v) {
			v = r
		}
	}
	return v, err
}

func (p *exprParser) cmp() (any, error) {
	v, err := p.unary()
	if err != nil || (p.peek() != "==" && p.peek() != "!=") {
		return v, err
	}
	op := p.toks[p.pos]
	p.pos++
	r, err := p.unary()
	return exprEqual(v, r) == (op == "=="), err
}

func (p *exprParser) unary() (any, error) {
	switch t := p.peek(); {
	case t == "!":
		p.pos++
		v, err := p.unary()
		return !truthy(v), err
	case t == "(":
		p.pos++
		v, err := p.or()
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return v, err
	case t == "":
		return nil, fmt.Errorf("missing operand")
	}
	return p.atom()
}

func (p *exprParser) atom() (any, error) {
	t := p.toks[p.pos]
	p.pos++
	switch {
	case strings.HasPrefix(t, "'"):
		return strings.ReplaceAll(t[1:len(t)-1], "''", "'"), nil
	case t == "true" || t == "false":
		return t == "true", nil
	case t == "null":
		return nil, nil
	case t == "always" || t == "success" || t == "failure" || t == "cancelled":
		if p.peek() != "(" || p.pos+1 >= len(p.toks) || p.toks[p.pos+1] != ")" {
			return nil, fmt.Errorf("%s without ()", t)
		}
		p.pos += 2
		return map[string]bool{"always": true, "success": !p.status.failed, "failure": p.status.failed, "cancelled": false}[t], nil
	case t[0] >= '0' && t[0] <= '9':
		return strconv.ParseFloat(t, 64)
	}
	return lookup(p.ctx, t)
}

// lookup walks a dotted path through the contexts; a missing key is null,
// as in GitHub, but an unknown context is an error.
func lookup(ctx map[string]any, path string) (any, error) {
	parts := strings.Split(path, ".")
	v, ok := ctx[parts[0]]
	if !ok {
		return nil, fmt.Errorf("unknown context %q", parts[0])
	}
	for _, k := range parts[1:] {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, nil
		}
		v = m[k]
	}
	return v, nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0 && !math.IsNaN(v)
	}
	return true
}

// exprEqual is GitHub's ==: strings compare ignoring case; other mixes
// compare as numbers (null and ” are 0).
func exprEqual(a, b any) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return strings.EqualFold(as, bs)
	}
	return exprNumber(a) == exprNumber(b)
}

func exprNumber(v any) float64 {
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case float64:
		return v
	case string:
		if strings.TrimSpace(v) == "" {
			return 0
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return math.NaN()
		}
		return f
	}
	return math.NaN()
}

func exprString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v) // objects: GitHub writes JSON; the action uses none
}
