package sandbox

import (
	"encoding/json"
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// helper runs one probe inside (or outside) the sandbox and reports on
// stdout; exit 0 when the probed operation succeeded.
func helper(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "helper: no probe")
		return 2
	}
	switch args[0] {
	case "env":
		if err := json.NewEncoder(os.Stdout).Encode(os.Environ()); err != nil {
			return 1
		}
		return 0
	case "caps":
		return printCaps()
	case "dial":
		c, err := net.Dial("unix", args[1])
		if err != nil {
			fmt.Println(err)
			return 1
		}
		c.Close()
		return 0
	}
	fmt.Fprintf(os.Stderr, "helper: unknown probe %q\n", args[0])
	return 2
}

// printCaps prints the effective, permitted and bounding capability sets;
// exit 0 when the process holds any capability.
func printCaps() int {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		fmt.Println(err)
		return 2
	}
	var bnd uint64
	for c := 0; c < 64; c++ {
		in, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(c), 0, 0, 0)
		if err != nil {
			break
		}
		if in == 1 {
			bnd |= 1 << c
		}
	}
	eff := uint64(data[0].Effective) | uint64(data[1].Effective)<<32
	prm := uint64(data[0].Permitted) | uint64(data[1].Permitted)<<32
	fmt.Printf("eff=%x prm=%x bnd=%x\n", eff, prm, bnd)
	if eff|prm|bnd == 0 {
		return 1
	}
	return 0
}
