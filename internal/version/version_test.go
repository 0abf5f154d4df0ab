package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func info(version string, settings ...string) *debug.BuildInfo {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/deepreview/deepreview", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return bi
}

func TestString(t *testing.T) {
	const rev = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
		sem  string
	}{
		{"release", info("v1.2.0", "vcs.revision", rev, "vcs.modified", "false"), true, "v1.2.0+1a2b3c4d5e6f", "1.2.0"},
		{"checkout", info("(devel)", "vcs.revision", rev, "vcs.modified", "true"), true, "(devel)+1a2b3c4d5e6f+dirty", ""},
		{"pseudo-version", info("v0.0.0-20261130021500-1a2b3c4d5e6f+dirty", "vcs.revision", rev, "vcs.modified", "true"), true, "v0.0.0-20261130021500-1a2b3c4d5e6f+dirty", ""},
		{"module download", info("v1.3.1"), true, "v1.3.1", "1.3.1"},
		{"no build info", nil, false, "unknown", ""},
	}
	for _, tt := range tests {
		i := FromBuildInfo(tt.bi, tt.ok)
		if got := i.String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
		if got := i.Semantic(); got != tt.sem {
			t.Errorf("%s: Semantic() = %q, want %q", tt.name, got, tt.sem)
		}
	}
}

func TestLong(t *testing.T) {
	i := FromBuildInfo(info("(devel)", "vcs.revision", "abc123", "vcs.modified", "true", "vcs.time", "2026-11-30T02:15:00Z"), true)
	want := "deepreview (devel)+abc123+dirty\nmodule    github.com/deepreview/deepreview (devel)\nrevision  abc123 (modified) 2026-11-30T02:15:00Z\ngo        go1.26.8\n"
	if got := i.Long(); got != want {
		t.Errorf("Long() =\n%s\nwant\n%s", got, want)
	}
}

func TestGet(t *testing.T) {
	// A test binary has build info naming this module.
	if i := Get(); !strings.HasPrefix(i.Module, "github.com/deepreview/deepreview") || i.Version == "" {
		t.Errorf("Get() = %+v", i)
	}
}
