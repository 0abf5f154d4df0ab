package sandbox

import "os"

// Probe reports whether sandbox-exec is there to apply a Seatbelt profile.
func Probe() Status {
	if _, err := os.Stat(sandboxExec); err != nil {
		return Status{Reason: sandboxExec + " not found"}
	}
	return Status{Mechanism: "seatbelt"}
}
