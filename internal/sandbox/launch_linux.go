package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/deepreview/deepreview/internal/proc"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// Launch is the launcher's body. args are the arguments after LauncherArg
// (a leading LauncherArg is skipped too), as Command encoded them. It
// restricts this thread with Landlock (the policy's paths, the abstract
// unix socket and signal scopes), drops every capability, sets
// no_new_privs, then execs args' program, looked up in this process's
// PATH, with this process's environment unchanged. It returns only on
// error, with 126 (bad arguments, no Landlock, restriction failed, not
// executable) or 127 (program not found), having written a one-line
// reason prefixed "deepreview sandbox: " to stderr. It never runs the
// program unconfined.
func Launch(args []string, stderr io.Writer) int {
	if len(args) > 0 && args[0] == LauncherArg {
		args = args[1:]
	}
	p, argv, err := decode(args)
	if err != nil {
		return fail(stderr, exitPolicy, "arguments: %v", err)
	}
	abi, err := landlockABI()
	if err != nil {
		return fail(stderr, exitPolicy, "refusing to run %s unconfined: %v", argv[0], err)
	}
	// One lookup rule for deepreview: relative PATH entries, which would
	// name folders of the change under review, are never searched.
	path, err := proc.LookPath(argv[0], os.Getenv("PATH"))
	if err != nil {
		return fail(stderr, exitNotFound, "%v", err)
	}
	rs, err := rules(p, abi)
	if err != nil {
		return fail(stderr, exitPolicy, "policy: %v", err)
	}
	// Landlock, capabilities and no_new_privs are set on this thread only,
	// and this thread execs: never unlock it.
	runtime.LockOSThread()
	if err := restrict(rs); err != nil {
		return fail(stderr, exitPolicy, "%v", err)
	}
	err = syscall.Exec(path, argv, os.Environ())
	if errors.Is(err, syscall.ENOENT) {
		return fail(stderr, exitNotFound, "exec %s: %v", path, err)
	}
	return fail(stderr, exitPolicy, "exec %s: %v", path, err)
}

// restrict confines the calling thread. It fails when the kernel would
// enforce nothing, which BestEffort alone accepts silently.
func restrict(rs []landlock.Rule) error {
	fd, flags, err := handled().NewRulesetFD(rs...)
	if err != nil {
		return fmt.Errorf("landlock ruleset: %w", err)
	}
	if fd < 0 {
		return errors.New("landlock ruleset: the kernel would enforce nothing")
	}
	defer unix.Close(fd)
	if err := dropCapabilities(); err != nil {
		return err
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	if err := ll.LandlockRestrictSelf(fd, flags); err != nil {
		return fmt.Errorf("landlock_restrict_self: %w", err)
	}
	return nil
}
