package sandbox

import (
	"fmt"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// handled is what the launcher restricts: every filesystem right and
// scope go-landlock knows, lowered by BestEffort to what the kernel
// enforces; not the network, which agents need to reach their provider.
func handled() landlock.Config {
	return landlock.Config{
		HandledAccessFS: landlock.V11.HandledAccessFS,
		Scoped:          landlock.V11.Scoped,
	}.BestEffort()
}

// Rights per kind of grant, for a file and for a directory (the kernel
// rejects directory rights on a file). Write leaves out execute, making
// char/block devices (root could mknod the disk and read it raw), ioctl
// on devices and connecting to unix sockets made outside the sandbox.
const (
	fileRead  = ll.AccessFSReadFile
	dirRead   = fileRead | ll.AccessFSReadDir
	fileExec  = fileRead | ll.AccessFSExecute
	dirExec   = dirRead | ll.AccessFSExecute
	fileWrite = fileRead | ll.AccessFSWriteFile | ll.AccessFSTruncate
	dirWrite  = dirRead | fileWrite | ll.AccessFSRemoveDir | ll.AccessFSRemoveFile |
		ll.AccessFSMakeDir | ll.AccessFSMakeReg | ll.AccessFSMakeSock | ll.AccessFSMakeFifo |
		ll.AccessFSMakeSym
)

// rightsFor returns the Landlock rights of a grant under ABI abi. Moving
// files between directories (refer) is granted in Write directories from
// ABI 2; on ABI 1 asking for it would make BestEffort enforce nothing.
func rightsFor(g grant, abi int) landlock.AccessFSSet {
	var r uint64
	switch {
	case g.kind == readAccess && g.dir:
		r = dirRead
	case g.kind == readAccess:
		r = fileRead
	case g.kind == execAccess && g.dir:
		r = dirExec
	case g.kind == execAccess:
		r = fileExec
	case g.kind == writeAccess && g.dir:
		r = dirWrite
		if abi >= 2 {
			r |= ll.AccessFSRefer
		}
	default:
		r = fileWrite
	}
	return landlock.AccessFSSet(r)
}

// rules turns p into Landlock rules on the paths' targets, skipping
// missing paths.
func rules(p Policy, abi int) ([]landlock.Rule, error) {
	var rs []landlock.Rule
	for _, e := range p.entries() {
		g, err := resolve(e)
		if err != nil {
			return nil, err
		}
		if g.missing {
			continue
		}
		rs = append(rs, landlock.PathAccess(rightsFor(g, abi), g.real).IgnoreIfMissing())
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no policy path exists")
	}
	return rs, nil
}
