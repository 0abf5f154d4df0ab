package store

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestNotes(t *testing.T) {
	s, _ := Open(t.TempDir())
	n, err := s.Notes("acme/widget")
	if err != nil || len(n.Context) != 0 || len(n.SkillProposals) != 0 {
		t.Fatalf("Notes of a new repository = %+v, %v", n, err)
	}
	added, err := s.AddContext("acme/widget", []string{"Uses `sqlc` for queries.", "Tests need\n  Docker", "", "uses sqlc for   queries"})
	if err != nil || added != 2 {
		t.Fatalf("AddContext = %d, %v; want 2 added", added, err)
	}
	// A person edits the file: prose, a continuation line, another item.
	path, err := s.NotesPath("Acme/Widget")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	edited := string(b) + "\nSome prose of mine.\n\n* The API is\n  versioned by header\n"
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	added, err = s.AddContext("acme/widget", []string{"tests need docker.", "the API is versioned by header", "Go 1.26"})
	if err != nil || added != 1 {
		t.Errorf("AddContext after edit = %d, %v; want 1 added", added, err)
	}
	if _, err := s.AddSkillProposals("acme/widget", []string{"Ask for a test per finding"}); err != nil {
		t.Fatal(err)
	}
	n, err = s.Notes("acme/widget")
	if err != nil {
		t.Fatal(err)
	}
	wantCtx := []string{"Uses `sqlc` for queries.", "Tests need Docker", "The API is versioned by header", "Go 1.26"}
	if !slices.Equal(n.Context, wantCtx) || !slices.Equal(n.SkillProposals, []string{"Ask for a test per finding"}) {
		t.Errorf("Notes = %q", n)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "Some prose of mine.") {
		t.Errorf("the person's prose was lost:\n%s", b)
	}
	for _, bad := range []string{"", "/", "a/b/c"} {
		if _, err := s.Notes(bad); err == nil {
			t.Errorf("Notes(%q): no error", bad)
		}
	}
	if p, err := s.NotesPath("../../etc"); err != nil || !strings.HasPrefix(p, s.Dir()) {
		t.Errorf("NotesPath(../../etc) = %q, %v: outside the store", p, err)
	}
}

func TestConcurrentNotes(t *testing.T) {
	s, _ := Open(t.TempDir())
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := s.AddContext("acme/widget", []string{fmt.Sprint("item ", i), "shared"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	notes, err := s.Notes("acme/widget")
	if err != nil || len(notes.Context) != n+1 {
		t.Fatalf("%d items, %v; want %d: %q", len(notes.Context), err, n+1, notes.Context)
	}
}

func FuzzParseItems(f *testing.F) {
	f.Add("# Repository context\n\n- one\n  two\n* three\nprose\n\t- nested\n")
	f.Fuzz(func(t *testing.T, s string) {
		for _, it := range parseItems(s) {
			if it == "" || strings.Contains(it, "\n") {
				t.Errorf("item %q is empty or spans lines", it)
			}
		}
	})
}
