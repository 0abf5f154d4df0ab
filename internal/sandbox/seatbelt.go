package sandbox

import (
	"fmt"
	"strings"
)

// SeatbeltProfile is the macOS sandbox-exec profile for p: deny by
// default; fork, and exec of p's Exec paths only; p's paths readable,
// Exec paths mappable as code, Write paths writable; metadata (stat) of
// any path, as Landlock allows on Linux, because node's realpath lstat's
// every ancestor; the sysctls, Mach services and IPC that node and the
// system libraries need; new pseudo-terminals; outbound IP and DNS but
// no unix socket (ssh-agent, docker). Paths are used as given: pass
// resolved ones (/private/etc, not /etc), as Command does. Modelled on
// openai/codex's seatbelt_base_policy.sbpl and its network policy.
func SeatbeltProfile(p Policy) string {
	var b strings.Builder
	b.WriteString(seatbeltHead)
	all := append(append(append([]string(nil), p.Read...), p.Exec...), p.Write...)
	allow(&b, "file-read*", subpaths(all))
	allow(&b, "process-exec", subpaths(p.Exec))
	allow(&b, "file-map-executable", subpaths(p.Exec))
	allow(&b, "file-write*", subpaths(p.Write))
	return b.String()
}

// allow writes one allow rule for op, limited to filters. With no
// filter it writes nothing: an unfiltered allow would allow every path.
func allow(b *strings.Builder, op string, filters []string) {
	if len(filters) == 0 {
		return
	}
	fmt.Fprintf(b, "(allow %s\n", op)
	for _, f := range filters {
		fmt.Fprintf(b, "  %s\n", f)
	}
	b.WriteString(")\n")
}

func subpaths(paths []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			out = append(out, "(subpath "+sbplString(p)+")")
		}
	}
	return out
}

// sbplString quotes s as a Scheme string literal the profile reader
// (TinyScheme's) reads back byte for byte: quote and backslash escaped,
// control bytes as \xHH; nothing in s can end the string.
func sbplString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// seatbeltHead is the fixed part of every profile: what any process
// needs, granted to no path of the user's.
const seatbeltHead = `(version 1)
(deny default)

; processes: children inherit the profile
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; system information node, libuv and the system libraries ask for
(allow sysctl-read)
(allow mach-host*)
(allow ipc-posix-sem)
(allow user-preference-read)
(allow iokit-open (iokit-registry-entry-class "RootDomainUserClient"))
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.system.opendirectoryd.membership")
  (global-name "com.apple.system.notification_center")
  (global-name "com.apple.system.logger")
  (global-name "com.apple.logd")
  (global-name "com.apple.diagnosticd")
  (global-name "com.apple.cfprefsd.agent")
  (global-name "com.apple.cfprefsd.daemon")
  (global-name "com.apple.bsd.dirhelper")
  (global-name "com.apple.PowerManagement.control")
  (global-name "com.apple.SecurityServer")
  (global-name "com.apple.trustd")
  (global-name "com.apple.trustd.agent")
  (global-name "com.apple.ocspd")
  (global-name "com.apple.networkd")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.SystemConfiguration.configd")
)

; files: metadata anywhere (stat, realpath), contents only of the paths
; granted below
(allow file-read-metadata)
(allow file-read* (literal "/"))
(allow file-read* file-write-data file-ioctl (literal "/dev/ptmx"))
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl
  (require-all
    (regex #"^/dev/ttys[0-9]+$")
    (extension "com.apple.sandbox.pty")))

; network: IP out, name resolution; no unix socket but mDNSResponder's
(allow system-socket)
(allow network-outbound (remote ip "*:*"))
(allow network-outbound (literal "/private/var/run/mDNSResponder"))

; the policy's paths
`
