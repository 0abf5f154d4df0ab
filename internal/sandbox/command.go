package sandbox

import (
	"errors"
	"fmt"
	"strings"
)

// sandboxExec is macOS's Seatbelt front end.
const sandboxExec = "/usr/bin/sandbox-exec"

// Command returns the argv that runs argv confined by p. On Linux:
// [self, LauncherArg, <encoded policy>..., "--", argv...], where self is
// deepreview's own executable (os.Executable; tests pass their test
// binary, whose TestMain calls Launch). On macOS: [sandbox-exec, "-p",
// profile, argv...], the profile made of p's resolved paths. It fails when
// this machine has no sandbox, and on a policy the launcher would refuse.
// argv[0] is looked up in the PATH of the environment the command is run
// with.
func Command(self string, p Policy, argv []string) ([]string, error) {
	if err := checkCommand(self, p, argv); err != nil {
		return nil, err
	}
	s := Probe()
	switch s.Mechanism {
	case "landlock":
		return append([]string{self, LauncherArg}, encode(p, argv)...), nil
	case "seatbelt":
		rp, err := p.resolved()
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		return append([]string{sandboxExec, "-p", SeatbeltProfile(rp)}, argv...), nil
	}
	return nil, fmt.Errorf("sandbox: %w (%s)", ErrUnavailable, s)
}

func checkCommand(self string, p Policy, argv []string) error {
	if self == "" {
		return errors.New("sandbox: no launcher executable")
	}
	if len(argv) == 0 || argv[0] == "" {
		return errors.New("sandbox: no program to run")
	}
	for _, a := range argv {
		if strings.ContainsRune(a, 0) {
			return fmt.Errorf("sandbox: argument %q contains a NUL byte", a)
		}
	}
	if err := p.validate(); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}
