package config

import (
	"slices"
	"strings"
	"testing"
)

// TestConfiguredAgentsAreDefaults: a file that defines agents without
// default_agents reviews with them, beside the CLIs found on PATH.
func TestConfiguredAgentsAreDefaults(t *testing.T) {
	mine := writeConfig(t, "[agents.mine]\nkind = \"command\"\ncommand = [\"/opt/mine\", \"--stdin\"]\n")
	for _, tt := range []struct {
		name string
		path string
		want []string
	}{
		{"alone", t.TempDir(), []string{"mine"}},
		{"with claude on PATH", fakePath(t, "claude"), []string{"claude", "mine"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(Options{Path: tt.path, File: mine})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.DefaultAgents, tt.want) {
				t.Errorf("default agents %q, want %q", c.DefaultAgents, tt.want)
			}
			if _, err := c.Select(c.DefaultAgents); err != nil {
				t.Error(err)
			}
		})
	}
	// default_agents still decides when set.
	both := writeConfig(t, "default_agents = [\"claude\"]\n[agents.mine]\nkind = \"command\"\ncommand = [\"/opt/mine\"]\n")
	if c, err := Load(Options{Path: fakePath(t, "claude"), File: both}); err != nil || !slices.Equal(c.DefaultAgents, []string{"claude"}) {
		t.Errorf("with default_agents: %q, %v", c.DefaultAgents, err)
	}
}

// TestNoAgents: the error never suggests configuring an agent to a user
// who configured one, and says what is wrong with it.
func TestNoAgents(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
		notWant    string
	}{
		{"nothing anywhere", "", []string{"looked for claude, codex and gemini on PATH", "[agents.mine]"}, ""},
		{"a configured CLI that is not installed", "[agents.claude]\nmodel = \"opus\"\n",
			[]string{"none of the configured agents can run", "agents.claude (", "claude not found on PATH; set agents.claude.command"},
			"configure an agent"},
		{"an empty default_agents", "default_agents = []\n[agents.mine]\nkind = \"command\"\ncommand = [\"/opt/mine\"]\n",
			[]string{"default_agents is empty", "(ready: mine)"}, "configure an agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Path: t.TempDir()}
			if tt.file != "" {
				o.File = writeConfig(t, tt.file)
			}
			c, err := Load(o)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.DefaultAgents) != 0 {
				t.Fatalf("default agents %q", c.DefaultAgents)
			}
			msg := c.NoAgents().Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if tt.notWant != "" && strings.Contains(msg, tt.notWant) {
				t.Errorf("error %q suggests %q", msg, tt.notWant)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	user := writeConfig(t, "[limits]\ntranscript = \"64MiB\"\nstderr = 1048576\nreview = \"4MiB\"\n")
	extra := writeConfig(t, "[limits]\nreview = \"3 MB\"\n[agents.claude]\nlimits = { transcript = \"1GiB\" }\n")
	c, err := Load(Options{Path: fakePath(t, "claude"), UserFile: user, File: extra})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Limits{Transcript: 64 << 20, Stderr: 1 << 20, Review: 3e6}); c.Limits != want {
		t.Errorf("limits %+v, want %+v", c.Limits, want)
	}
	if want := (Limits{Transcript: 1 << 30}); c.Agents["claude"].Limits != want {
		t.Errorf("claude's limits %+v, want %+v", c.Agents["claude"].Limits, want)
	}
	for _, bad := range []string{`review = "2 parsecs"`, `review = 0`, `review = "-1MiB"`, `review = 1.5`, `reveiw = 1`} {
		p := writeConfig(t, "[limits]\n"+bad+"\n")
		if _, err := Load(Options{Path: t.TempDir(), File: p}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want one naming the file", bad, err)
		}
	}
}
