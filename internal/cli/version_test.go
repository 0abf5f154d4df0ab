package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		var out, errb bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		if code := Main(context.Background(), args, env); code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errb.String())
		}
		if !strings.HasPrefix(out.String(), "deepreview ") || !strings.Contains(out.String(), "module    github.com/deepreview/deepreview") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"version", "extra"}, Env{Stdout: &out, Stderr: &errb}); code != 2 {
		t.Errorf("version with an argument: exit %d, want 2", code)
	}
}
