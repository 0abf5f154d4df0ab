package review

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
)

// symbolRE finds the code a title names: identifiers in backticks,
// `Put`, `kv.Put`, `Store.Put()`.
var symbolRE = regexp.MustCompile("`([A-Za-z_][A-Za-z0-9_.]*)(?:\\(\\))?`")

// symbols are the identifiers a finding's title names, the last part of a
// dotted name (the method, the field), at least three characters long.
func symbols(title string) []string {
	var out []string
	for _, m := range symbolRE.FindAllStringSubmatch(title, -1) {
		name := m[1]
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if len(name) >= 3 && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// references counts the lines that name name, as a whole word, in the
// files of revision rev of the repository at repo.
func references(ctx context.Context, repo, rev, name string) (int, error) {
	out, err := gitcmd.RunIsolated(ctx, repo, "grep", "-c", "-w", "-F", "-e", name, rev, "--")
	var ge *gitcmd.Error
	if err != nil {
		if errors.As(err, &ge) && ge.ExitCode == 1 {
			return 0, nil // no match
		}
		return 0, err
	}
	n := 0
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		c, err := strconv.Atoi(line[strings.LastIndexByte(line, ':')+1:])
		if err == nil {
			n += c
		}
	}
	return n, nil
}

// blastRadius says how the references to the symbols a declined finding
// names grew from the head it was declined at to head, "" when none
// did: a decline stands only while the code it is about neither changed
// nor gained callers.
func blastRadius(ctx context.Context, repo, then, head, title string) string {
	var grew []string
	for _, s := range symbols(title) {
		before, err1 := references(ctx, repo, then, s)
		after, err2 := references(ctx, repo, head, s)
		if err1 == nil && err2 == nil && after > before {
			grew = append(grew, fmt.Sprintf("`%s` %d → %d", s, before, after))
		}
	}
	if len(grew) == 0 {
		return ""
	}
	return "new references since it was declined: " + strings.Join(grew, ", ")
}
