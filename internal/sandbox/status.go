package sandbox

import "fmt"

// Status is the sandbox available on this machine.
type Status struct {
	Mechanism string // "landlock", "seatbelt", or "" when none
	Version   int    // Landlock ABI version; 0 otherwise
	Reason    string // why none is available, when Mechanism == ""
}

// Available reports whether there is a sandbox to confine agents with.
func (s Status) Available() bool { return s.Mechanism != "" }

// String names the mechanism for users: "landlock ABI 7",
// "seatbelt (sandbox-exec)" or "none: <reason>".
func (s Status) String() string {
	switch s.Mechanism {
	case "":
		return "none: " + s.Reason
	case "landlock":
		return fmt.Sprintf("landlock ABI %d", s.Version)
	case "seatbelt":
		return "seatbelt (sandbox-exec)"
	}
	return s.Mechanism
}
