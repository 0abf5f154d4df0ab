package report

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/deepreview/deepreview/internal/redact"
)

// Redact replaces the secrets in every text of r (findings, summaries,
// retro narratives, notes, the appendix, the change's metadata …) as rd
// finds them, adds what it replaced to r.Redactions, and returns that.
// A nil rd still redacts private keys and known token formats.
func Redact(r *Report, rd *redact.Redactor) redact.Counts {
	var c redact.Counts
	redactValue(reflect.ValueOf(r).Elem(), rd, &c)
	r.Redactions.Add(c)
	return c
}

// redactValue redacts every string reachable from v: fields, slices and
// map values (map keys — tool names — are left alone).
func redactValue(v reflect.Value, rd *redact.Redactor, c *redact.Counts) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && v.Len() > 0 {
			s, n := rd.String(v.String())
			if n.Total() > 0 {
				v.SetString(s)
				c.Add(n)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				redactValue(v.Field(i), rd, c)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			redactValue(v.Index(i), rd, c)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			redactValue(v.Elem(), rd, c)
		}
	}
}

// PostBlocked returns why r must not be posted, or nil: a private key or
// a known token format was redacted from it (or from the agents' files
// whose counts were added to r.Redactions). Redaction removed them, but
// a format it missed would be public, so a person looks first and posts
// with --post-anyway.
func PostBlocked(r *Report) error {
	c := r.Redactions
	if !c.Blocking() {
		return nil
	}
	var what []string
	if c.PrivateKey > 0 {
		what = append(what, plural(c.PrivateKey, "private key"))
	}
	if c.KnownToken > 0 {
		what = append(what, plural(c.KnownToken, "token"))
	}
	return fmt.Errorf("not posting review %s: the agents' output held %s (redacted); read the report, then post with --post-anyway",
		r.ID, strings.Join(what, " and "))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
