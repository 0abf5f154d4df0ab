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

// Unprotected lists what a confined agent can still do on this machine,
// for `deepreview doctor` and warnings: everything without a sandbox;
// with Landlock, what its ABI version leaves open.
func (s Status) Unprotected() []string {
	switch s.Mechanism {
	case "":
		return []string{"everything: agents run unconfined"}
	case "seatbelt":
		return []string{"file metadata (stat) of any path"}
	}
	var open []string
	if s.Version < 3 {
		open = append(open, "truncating files outside Write (Landlock ABI < 3)")
	}
	if s.Version < 5 {
		open = append(open, "ioctl on devices (Landlock ABI < 5)")
	}
	if s.Version < 6 {
		open = append(open, "signals to and abstract unix sockets of processes outside the sandbox (Landlock ABI < 6)")
	}
	if s.Version < 9 {
		open = append(open, "connecting to unix sockets by path: $SSH_AUTH_SOCK, docker.sock, the D-Bus session bus (Landlock ABI < 9)")
	}
	return append(open,
		"the network (agents must reach their provider)",
		"file metadata (stat, readlink) of any path",
		"chmod and utimes of any file the agent's user owns (as root: the system's files)")
}
