package sandbox

import (
	"errors"
	"fmt"
)

// LauncherArg is the hidden subcommand that re-executes deepreview as the
// launcher.
const LauncherArg = "__sandbox"

// The launcher's arguments: one flag and one path per policy path, then
// "--", then the program's argv. Each path and each argv element is its
// own argument, so spaces, newlines and leading dashes survive as they
// are; paths are absolute, so a path never looks like a flag.
const (
	readFlag  = "-r"
	execFlag  = "-x"
	writeFlag = "-w"
	endFlag   = "--"
)

// flagOf is the launcher flag of a kind of grant.
func flagOf(k access) string {
	switch k {
	case readAccess:
		return readFlag
	case execAccess:
		return execFlag
	}
	return writeFlag
}

// accessOf is the kind of grant of a launcher flag.
func accessOf(flag string) (access, bool) {
	switch flag {
	case readFlag:
		return readAccess, true
	case execFlag:
		return execAccess, true
	case writeFlag:
		return writeAccess, true
	}
	return "", false
}

// encode returns the launcher's arguments (after LauncherArg) for running
// argv under p.
func encode(p Policy, argv []string) []string {
	var args []string
	for _, e := range p.entries() {
		args = append(args, flagOf(e.kind), e.path)
	}
	args = append(args, endFlag)
	return append(args, argv...)
}

// decode is encode's inverse. It rejects anything encode would not have
// produced, so a garbled command line never runs a program.
func decode(args []string) (Policy, []string, error) {
	var p Policy
	for i := 0; i < len(args); i += 2 {
		flag := args[i]
		if flag == endFlag {
			argv := args[i+1:]
			if len(argv) == 0 {
				return Policy{}, nil, errors.New("no program after --")
			}
			if err := p.validate(); err != nil {
				return Policy{}, nil, err
			}
			return p, argv, nil
		}
		kind, ok := accessOf(flag)
		if !ok {
			return Policy{}, nil, fmt.Errorf("unknown argument %q", flag)
		}
		if i+1 == len(args) {
			return Policy{}, nil, fmt.Errorf("%s without a path", flag)
		}
		p.add(kind, args[i+1])
	}
	return Policy{}, nil, errors.New("no -- before the program")
}
