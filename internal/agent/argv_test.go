package agent

import (
	"slices"
	"strings"
	"testing"
)

const (
	allowed = "Read,Grep,Glob,LS,Bash(git diff:*),Bash(git log:*),Bash(git show:*),Bash(git status:*)," +
		"Bash(git blame:*),Bash(git grep:*),Bash(git ls-files:*),Bash(git rev-parse:*)," +
		"Bash(rg:*),Bash(grep:*),Bash(ls:*),Bash(wc:*)"
	denied = "Edit,MultiEdit,Write,NotebookEdit,WebFetch,WebSearch,Bash(*--output*),Bash(git grep *-O*),Bash(*--open-files-in-pager*),Bash(rg *--pre*)"
	// isolation keeps the reviewed code from configuring claude.
	isolation = "--setting-sources|user|--strict-mcp-config|--disable-slash-commands"
	// shellEnv keeps keys out of codex's tool shell.
	shellEnv = `-c|shell_environment_policy.inherit="core"|-c|shell_environment_policy.ignore_default_excludes=false|` +
		`-c|shell_environment_policy.exclude=["*KEY*","*TOKEN*","*SECRET*","*PASSWORD*","*CREDENTIAL*"]`
)

func TestArgv(t *testing.T) {
	// claude rejects a "$schema" it does not know: the adapter drops it.
	schema := []byte("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"type\": \"object\"\n}\n")
	tests := []struct {
		name string
		spec Spec
		req  Request
		want string // space-separated; one element per field
	}{
		{
			name: "claude defaults",
			spec: Spec{Name: "claude", Kind: Claude, Command: []string{"/bin/claude"}},
			want: "/bin/claude|-p|--output-format|stream-json|--verbose|" + isolation + "|--permission-mode|default|" +
				"--allowedTools|" + allowed + "|--disallowedTools|" + denied,
		},
		{
			name: "claude model effort schema args",
			spec: Spec{Name: "c", Kind: Claude, Command: []string{"claude"}, Model: "opus", Effort: "high",
				Args: []string{"--max-turns", "40"}},
			req: Request{Schema: schema},
			want: "claude|-p|--output-format|stream-json|--verbose|" + isolation + "|--permission-mode|default|" +
				"--allowedTools|" + allowed + "|--disallowedTools|" + denied +
				`|--model|opus|--effort|high|--json-schema|{"type":"object"}|--max-turns|40`,
		},
		{
			name: "claude args replace the permission defaults",
			spec: Spec{Name: "c", Kind: Claude, Command: []string{"claude"},
				Args: []string{"--permission-mode=plan", "--allowed-tools", "Read"}},
			want: "claude|-p|--output-format|stream-json|--verbose|" + isolation + "|--disallowedTools|" + denied +
				"|--permission-mode=plan|--allowed-tools|Read",
		},
		{
			name: "codex defaults",
			spec: Spec{Name: "codex", Kind: Codex, Command: []string{"/bin/codex"}},
			want: "/bin/codex|exec|--json|--color|never|--sandbox|read-only|" + shellEnv + "|--skip-git-repo-check|-",
		},
		{
			name: "codex model effort schema args",
			spec: Spec{Name: "codex", Kind: Codex, Command: []string{"codex"}, Model: "gpt-5.5", Effort: "xhigh",
				Args: []string{"--ephemeral"}},
			req: Request{Schema: schema, SchemaFile: "/out/schema.json"},
			want: "codex|exec|--json|--color|never|--sandbox|read-only|" + shellEnv + "|--skip-git-repo-check|-m|gpt-5.5|" +
				`-c|model_reasoning_effort="xhigh"|--output-schema|/out/schema.json|--ephemeral|-`,
		},
		{
			name: "claude and gemini reach the whole change's folder",
			spec: Spec{Name: "claude", Kind: Claude, Command: []string{"claude"}},
			req:  Request{AddDirs: []string{"/s/change"}},
			want: "claude|-p|--output-format|stream-json|--verbose|" + isolation + "|--permission-mode|default|" +
				"--allowedTools|" + allowed + "|--disallowedTools|" + denied + "|--add-dir|/s/change",
		},
		{
			name: "gemini reaches the whole change's folder",
			spec: Spec{Name: "gemini", Kind: Gemini, Command: []string{"gemini"}},
			req:  Request{AddDirs: []string{"/s/change"}},
			want: "gemini|-p|Follow the instructions above.|-o|stream-json|--approval-mode|plan|--include-directories|/s/change",
		},
		{
			// Inside deepreview's sandbox codex's own cannot start (its
			// bubblewrap needs mounts), and fails silently: it is off there.
			name: "codex confined",
			spec: Spec{Name: "codex", Kind: Codex, Command: []string{"codex"}},
			req:  Request{Confined: true},
			want: "codex|exec|--json|--color|never|--sandbox|danger-full-access|" + shellEnv + "|--skip-git-repo-check|-",
		},
		{
			name: "codex args replace the sandbox",
			spec: Spec{Name: "codex", Kind: Codex, Command: []string{"codex"}, Args: []string{"-s", "workspace-write"}},
			want: "codex|exec|--json|--color|never|" + shellEnv + "|--skip-git-repo-check|-s|workspace-write|-",
		},
		{
			name: "gemini defaults",
			spec: Spec{Name: "gemini", Kind: Gemini, Command: []string{"/bin/gemini"}},
			want: "/bin/gemini|-p|Follow the instructions above.|-o|stream-json|--approval-mode|plan",
		},
		{
			name: "gemini model, effort ignored, args replace the approval mode",
			spec: Spec{Name: "g", Kind: Gemini, Command: []string{"gemini"}, Model: "gemini-3-pro", Effort: "high",
				Args: []string{"--approval-mode", "default"}},
			want: "gemini|-p|Follow the instructions above.|-o|stream-json|-m|gemini-3-pro|--approval-mode|default",
		},
		{
			name: "command as configured",
			spec: Spec{Name: "lint", Kind: Command, Command: []string{"review.sh", "--fast"}, Model: "ignored",
				Args: []string{"-v"}},
			want: "review.sh|--fast|-v",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.spec.Argv(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Split(tt.want, "|"); !slices.Equal(got, want) {
				t.Errorf("argv:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestArgvErrors(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		req  Request
		want string
	}{
		{"no name", Spec{Kind: Claude, Command: []string{"claude"}}, Request{}, "agent without a name"},
		{"unknown kind", Spec{Name: "x", Kind: "cursor", Command: []string{"x"}}, Request{}, `unknown kind "cursor"`},
		{"no command", Spec{Name: "x", Kind: Codex}, Request{}, "no command"},
		{"cli with arguments", Spec{Name: "x", Kind: Codex, Command: []string{"codex", "exec"}}, Request{}, "its binary alone"},
		{"bad schema", Spec{Name: "x", Kind: Claude, Command: []string{"claude"}}, Request{Schema: []byte("{")}, "schema"},
		{"schema not an object", Spec{Name: "x", Kind: Claude, Command: []string{"claude"}}, Request{Schema: []byte(`"s"`)}, "schema"},
		{"huge schema", Spec{Name: "x", Kind: Claude, Command: []string{"claude"}},
			Request{Schema: []byte(`{"description":"` + strings.Repeat("s", 70<<10) + `"}`)}, "too long"},
		{"codex schema without file", Spec{Name: "x", Kind: Codex, Command: []string{"codex"}},
			Request{Schema: []byte("{}")}, "schema file"},
		{"gemini schema", Spec{Name: "x", Kind: Gemini, Command: []string{"gemini"}},
			Request{Schema: []byte("{}")}, "cannot enforce"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.spec.Argv(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Argv error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	dir1, dir2 := t.TempDir(), t.TempDir()
	writeExe(t, dir1, "gemini")
	writeExe(t, dir2, "claude")
	writeExe(t, dir2, "gemini") // shadowed by dir1's
	got := Discover(dir1 + ":" + dir2)
	want := []Spec{
		{Name: "claude", Kind: Claude, Command: []string{dir2 + "/claude"}},
		{Name: "gemini", Kind: Gemini, Command: []string{dir1 + "/gemini"}},
	}
	if len(got) != len(want) {
		t.Fatalf("Discover = %+v, want %+v", got, want)
	}
	for i := range got {
		if got[i].Name != want[i].Name || got[i].Kind != want[i].Kind || !slices.Equal(got[i].Command, want[i].Command) {
			t.Errorf("spec %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
