package sandbox

import (
	"errors"
	"fmt"
	"syscall"

	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// Probe reports the Landlock ABI this kernel enforces: one system call.
func Probe() Status {
	v, err := landlockABI()
	if err != nil {
		return Status{Reason: err.Error()}
	}
	return Status{Mechanism: "landlock", Version: v}
}

// landlockABI returns the ABI version go-landlock will enforce: the
// kernel's, lowered to 5 when the kernel has the signal scoping bug
// (erratum 2 not fixed), as go-landlock does.
func landlockABI() (int, error) {
	v, err := ll.LandlockGetABIVersion()
	switch {
	case errors.Is(err, syscall.ENOSYS):
		return 0, errors.New("kernel built without landlock")
	case errors.Is(err, syscall.EOPNOTSUPP):
		return 0, errors.New("landlock disabled at boot (add landlock to the lsm= kernel parameter)")
	case err != nil:
		return 0, fmt.Errorf("landlock: %w", err)
	case v < 1:
		return 0, fmt.Errorf("landlock ABI %d", v)
	}
	if v >= 6 {
		if errata, err := ll.LandlockGetErrata(); err != nil || errata&0x2 == 0 {
			v = 5
		}
	}
	return v, nil
}
