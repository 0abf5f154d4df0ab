package version

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Info is what the build recorded about this binary.
type Info struct {
	Module    string // module path
	Version   string // module version: a tag, a pseudo-version, "(devel)", or "unknown"
	Revision  string // vcs.revision: the commit the binary was built from, or ""
	Time      string // vcs.time: the commit's time, or ""
	Modified  bool   // vcs.modified: the work tree had uncommitted changes
	GoVersion string // the toolchain that built it
}

// Get reads the running binary's build info.
func Get() Info { return FromBuildInfo(debug.ReadBuildInfo()) }

// FromBuildInfo extracts an Info from build info (ok false when the binary
// has none: Version is then "unknown").
func FromBuildInfo(bi *debug.BuildInfo, ok bool) Info {
	if !ok || bi == nil {
		return Info{Version: "unknown"}
	}
	i := Info{Module: bi.Main.Path, Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if i.Version == "" {
		i.Version = "unknown"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.time":
			i.Time = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		}
	}
	return i
}

// String is the version as one token for reports and SARIF: the module
// version, then (as build metadata) the short revision when the version
// does not already name it and whether the tree was modified:
// "v1.2.0+1a2b3c4d5e6f", "(devel)+1a2b3c4d5e6f+dirty", "v1.3.1" for a
// module built from the proxy. A pseudo-version already names its
// revision and keeps Go's own "+dirty" suffix.
func (i Info) String() string {
	v := i.Version
	if i.Revision == "" || strings.Contains(v, short(i.Revision)) {
		return v
	}
	v += "+" + short(i.Revision)
	if i.Modified && !strings.HasSuffix(v, "+dirty") {
		v += "+dirty"
	}
	return v
}

// Semantic is the version as SARIF's semanticVersion wants it
// ("1.2.0", without the "v"), or "" when the version is no release tag.
func (i Info) Semantic() string {
	v, ok := strings.CutPrefix(i.Version, "v")
	if !ok || strings.ContainsAny(v, "-+") || strings.Count(v, ".") != 2 {
		return ""
	}
	return v
}

// Long is the multi-line form `deepreview version` prints.
func (i Info) Long() string {
	var b strings.Builder
	fmt.Fprintf(&b, "deepreview %s\n", i)
	if i.Module != "" {
		fmt.Fprintf(&b, "module    %s %s\n", i.Module, i.Version)
	}
	if i.Revision != "" {
		state := "clean"
		if i.Modified {
			state = "modified"
		}
		fmt.Fprintf(&b, "revision  %s (%s)", i.Revision, state)
		if i.Time != "" {
			fmt.Fprintf(&b, " %s", i.Time)
		}
		b.WriteByte('\n')
	}
	if i.GoVersion != "" {
		fmt.Fprintf(&b, "go        %s\n", i.GoVersion)
	}
	return b.String()
}

// short is a revision's first 12 characters.
func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
