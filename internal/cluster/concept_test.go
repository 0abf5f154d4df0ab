package cluster

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestConceptsOf(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Config is clobbered on restart", []string{"~overwrite"}},
		{"The reader is never closed", []string{"~leak"}},
		{"The reader is closed", nil},
		{"Hangs forever when the peer is gone", []string{"~hang", "~hang", "~timeout"}},
		{"No tests for `parse`", []string{"~untested"}},
		{"Index out of range on empty input", []string{"~crash"}},
		{"Two concurrent instances share a pipe", nil}, // a setting, not a race
		{"Replace the map with a sync.Map", nil},       // a remedy, not a defect
	} {
		var got []string
		conceptsOf(c.text, func(term string) { got = append(got, term) })
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("conceptsOf(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestConceptTable checks that every entry is lower case and at most
// maxPhrase words: conceptsOf looks up no other.
func TestConceptTable(t *testing.T) {
	for _, k := range slices.Sorted(maps.Keys(concepts)) {
		if k != strings.ToLower(k) || len(strings.Fields(k)) > maxPhrase || strings.Join(strings.Fields(k), " ") != k {
			t.Errorf("concept entry %q: want 1 to %d lower-case words", k, maxPhrase)
		}
	}
}

// TestConceptJoinsOtherWords shows what concepts are for: two findings
// of one defect in other words ("overridden", "overwritten") reach the
// near bar with their concept terms and not without them.
func TestConceptJoinsOtherWords(t *testing.T) {
	a := terms("Saved settings are overridden on upgrade", "The installer writes its defaults over the user's settings.")
	b := terms("Upgrade clobbers local settings", "Defaults are written without looking at what is there, so local edits are overwritten.")
	c := terms("Installer logs at the wrong level", "The message is logged at debug level.")
	with := weighAll([]map[string]float64{a, b, c})
	without := weighAll([]map[string]float64{dropConcepts(a), dropConcepts(b), dropConcepts(c)})
	if sim := cosine(with[0], with[1]); sim < minNear {
		t.Errorf("with concepts: similarity %.3f, want at least %.2f", sim, minNear)
	}
	if sim := cosine(without[0], without[1]); sim >= minNear {
		t.Errorf("without concepts: similarity %.3f, want below %.2f (the test shows nothing)", sim, minNear)
	}
}

func dropConcepts(tf map[string]float64) map[string]float64 {
	out := maps.Clone(tf)
	maps.DeleteFunc(out, func(k string, _ float64) bool { return strings.HasPrefix(k, "~") })
	return out
}
