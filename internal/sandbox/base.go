package sandbox

import "runtime"

// Base returns the system part every confined process needs: the system
// program and library directories to execute, the few files of /etc that
// programs read to run, resolve names, check TLS certificates and know
// users and time zones, /dev/null to read and write and the random
// devices to read. Not /dev, /proc, /sys or /dev/tty: no agent needs
// them, and a readable /proc lets root read any process's environment.
// Not /etc as a whole: it holds secrets (ssl/private, shadow, npmrc,
// pip.conf, environment). Paths missing on this machine are skipped.
func Base() Policy {
	if runtime.GOOS == "darwin" {
		return darwinBase()
	}
	return linuxBase()
}

// etcFiles are read by programs everywhere: glibc and musl (name service,
// dynamic loader, time zone), OpenSSL/node/git (CA bundles and config),
// shells started by agents (profile), git (system config).
var etcFiles = []string{
	// TLS: CA bundles and OpenSSL config (node fails without it); not
	// /etc/ssl as a whole, since Debian keeps private keys in ssl/private.
	"/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ssl/cert.pem", "/etc/ssl/ca-bundle.pem",
	"/etc/pki/tls/certs", "/etc/pki/tls/cert.pem", "/etc/pki/tls/openssl.cnf", "/etc/pki/ca-trust/extracted",
	"/etc/ca-certificates",
	// Name service and networking.
	"/etc/resolv.conf", "/etc/hosts", "/etc/host.conf", "/etc/nsswitch.conf", "/etc/gai.conf",
	"/etc/services", "/etc/protocols", "/etc/networks",
	// Users (no shadow), time zone, system identity.
	"/etc/passwd", "/etc/group", "/etc/localtime", "/etc/timezone",
	"/etc/os-release", "/etc/lsb-release", "/etc/debian_version", "/etc/alpine-release",
	// Dynamic loader.
	"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/ld.so.preload",
	// Git's system config.
	"/etc/gitconfig", "/etc/gitattributes",
	// Shells, terminals, file types, locales.
	"/etc/profile", "/etc/profile.d", "/etc/bash.bashrc", "/etc/bashrc", "/etc/inputrc",
	"/etc/zshenv", "/etc/zprofile", "/etc/zshrc",
	"/etc/terminfo", "/etc/magic", "/etc/magic.mime", "/etc/mime.types", "/etc/locale.alias",
}

func linuxBase() Policy {
	return Policy{
		Read:  append(append([]string(nil), etcFiles...), "/dev/urandom", "/dev/random", "/dev/zero"),
		Exec:  []string{"/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"},
		Write: []string{"/dev/null"},
	}
}

// darwinBase is the same on macOS, where /etc is /private/etc (Command
// resolves the links) and dyld needs /System. The Seatbelt profile adds
// what macOS processes need beyond files (Mach services, sysctls).
func darwinBase() Policy {
	return Policy{
		Read: append(append([]string(nil), etcFiles...),
			"/private/var/db/timezone", "/Library/Preferences/Logging",
			"/dev/urandom", "/dev/random", "/dev/zero"),
		Exec:  []string{"/usr", "/bin", "/sbin", "/System", "/Library/Apple"},
		Write: []string{"/dev/null"},
	}
}
