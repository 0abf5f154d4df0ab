package sandbox

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// dropCapabilities leaves the calling thread, and what it execs, without
// any capability. Landlock confines paths, not privilege: as root an
// agent could still load a kernel module, use bpf or raw I/O. Capability
// sets are per thread; the launcher runs this on the thread that execs.
//
// The bounding set is emptied first, because on exec root regains every
// capability left in it. A process without capabilities has nothing to
// drop and, under no_new_privs, cannot gain any through exec.
func dropCapabilities() error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData // 64 capabilities, in two words
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return fmt.Errorf("capget: %w", err)
	}
	if data == [2]unix.CapUserData{} && os.Geteuid() != 0 {
		return nil
	}
	if err := emptyBoundingSet(); err != nil {
		return err
	}
	err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
	if err != nil && !errors.Is(err, unix.EINVAL) { // EINVAL: kernel before ambient sets
		return fmt.Errorf("clear ambient capabilities: %w", err)
	}
	data = [2]unix.CapUserData{}
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return fmt.Errorf("capset: %w", err)
	}
	return nil
}

// emptyBoundingSet drops every capability from the bounding set, up to
// the kernel's last one (PR_CAPBSET_DROP says EINVAL past it).
func emptyBoundingSet() error {
	for c := 0; c < 64; c++ {
		err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0)
		if errors.Is(err, unix.EINVAL) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("drop capability %d from the bounding set: %w", c, err)
		}
	}
	return nil
}
