//go:build !linux && !darwin

package sandbox

import "runtime"

// Probe reports that this system has no sandbox deepreview can use.
func Probe() Status {
	return Status{Reason: "no sandbox on " + runtime.GOOS}
}
