package cluster

import (
	"slices"
	"strings"
	"unicode"
)

// Reviewers name one class of defect in many words: a value is
// overwritten, overridden or clobbered; a goroutine leaks, is orphaned or
// never stopped; a loop hangs, waits forever or gets stuck. Two findings
// about one defect in other words share none of them. A concept is such a
// class: each of its words and phrases adds the concept's own
// term to a finding's vector (the words stay too), weighted conceptWeight
// times the word, and weighted by rarity like any word, so that a concept
// most findings of a review name says little.
//
// The lists are general review vocabulary, not any project's. They hold
// words that name the defect, not its setting or its remedy: "race" and
// "unsynchronized", not "concurrent" (two concurrent instances of a
// program that collide on a file are no data race); "overwritten", not
// "replace" (the fix of many a finding says "replace X with Y").
var concepts = conceptTable(map[string]string{
	"overwrite": `overwrite overwrites overwritten overwriting overwrote override overrides overridden overriding
		clobber clobbers clobbered clobbering stomp stomps stomped`,
	"absent": `missing absent lack lacks lacking omit omits omitted omitting omission`,
	"leak": `leak leaks leaked leaking leaky orphan orphans orphaned orphaning dangling cleanup
		"clean up" "cleaned up" "never closed" "not closed" "never released" "not released"
		"never stopped" "not stopped" "never freed" "not freed" "never cancelled" "not cancelled"`,
	"race": `race races racy racing unsynchronized unsynchronised toctou interleaving interleave
		"thread safe" "not atomic" nonatomic atomically`,
	"crash": `panic panics panicked panicking crash crashes crashed crashing segfault dereference
		"nil pointer" "null pointer" "out of range" "out of bounds"`,
	"hang": `hang hangs hung hanging deadlock deadlocks deadlocked stuck wedge wedges wedged forever
		indefinitely livelock starve starves starvation blocked`,
	"swallow": `swallow swallows swallowed swallowing discard discards discarded discarding ignore ignores
		ignored ignoring silently suppress suppresses suppressed unchecked`,
	"untested": `untested coverage "no test" "no tests" "missing test" "missing tests" "without test"
		"without tests" "not tested" "not covered"`,
	"stale": `stale outdated obsolete leftover "out of date" "no longer"`,
	"doc": `doc docs documented documentation document documents comment comments docstring docstrings
		godoc readme`,
	"validate": `validate validates validated validating validation unvalidated sanitize sanitizes
		sanitized unsanitized accept accepts accepted accepting allow allows allowed permits`,
	"timeout": `timeout timeouts deadline deadlines unbounded "no timeout" indefinitely forever`,
	"retry":   `retry retries retried retrying backoff`,
	"delete": `delete deletes deleted deleting deletion remove removes removed removing removal purge
		purges purged wipe wipes wiped destroy destroys destroyed erase erases erased`,
	"duplicate": `duplicate duplicates duplicated duplication twice redundant repeated`,
})

// phraseStarts are the first words of the table's phrases.
var phraseStarts = func() map[string]bool {
	out := make(map[string]bool)
	for k := range concepts {
		if w, _, ok := strings.Cut(k, " "); ok {
			out[w] = true
		}
	}
	return out
}()

// maxPhrase is the most words a phrase of a concept has.
const maxPhrase = 3

// conceptWeight is the weight of a concept's term against the word that
// names it, in a title or a body alike. Any value from 2 to 3 gave the
// same merges on the corpus; at 1 the odd half gained nothing, at 5 the
// precision fell below 0.95.
const conceptWeight = 2.0

// conceptTable turns each concept's list of words and quoted phrases
// into a map from a word, or words joined by a space, to the
// concepts' terms (sorted). A term starts with "~", which no word does.
func conceptTable(lists map[string]string) map[string][]string {
	out := make(map[string][]string)
	for name, list := range lists {
		for _, key := range conceptKeys(list) {
			out[key] = append(out[key], "~"+name)
		}
	}
	for k, v := range out {
		slices.Sort(v)
		out[k] = slices.Compact(v)
	}
	return out
}

// conceptKeys splits a list of words and quoted phrases.
func conceptKeys(list string) []string {
	var keys []string
	for i, part := range strings.Split(list, `"`) {
		if i%2 == 1 {
			keys = append(keys, part) // a quoted phrase
			continue
		}
		keys = append(keys, strings.Fields(part)...)
	}
	return keys
}

// conceptsOf emits the concept terms of text: those of each word and of
// each phrase of up to maxPhrase words in the table.
func conceptsOf(text string, emit func(term string)) {
	ws := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range ws {
		for _, c := range concepts[w] {
			emit(c)
		}
		if !phraseStarts[w] {
			continue // most words start no phrase: no strings to join
		}
		for n := 2; n <= maxPhrase && i+n <= len(ws); n++ {
			for _, c := range concepts[strings.Join(ws[i:i+n], " ")] {
				emit(c)
			}
		}
	}
}
