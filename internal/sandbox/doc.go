// Package sandbox confines an agent process and every process it starts
// to an allow-list of paths, so that a change under review can neither
// read the user's secrets nor write anything outside a scratch directory,
// whatever code it makes the agent run.
//
// On Linux the mechanism is Landlock. Go cannot apply it between fork and
// exec, so Command re-executes deepreview's own binary as a launcher (the
// hidden LauncherArg subcommand); Launch, its body, restricts its own
// thread and then execs the agent, which inherits the Landlock domain, as
// do all its children. On macOS Command wraps the agent in sandbox-exec
// with a profile from SeatbeltProfile. Other systems have no sandbox.
//
// What the launcher enforces (Linux):
//
//   - every filesystem right go-landlock knows is handled, downgraded to
//     what the kernel supports; only the Policy's paths are granted. A
//     path is resolved with filepath.EvalSymlinks and its target granted,
//     because Landlock binds the inode the path reaches, not the name: a
//     symlink in a policy grants what it points to, and Describe shows
//     it. The link itself needs no rule (path walks and readlink are not
//     checked). Rules take file rights on a file and directory rights on a
//     directory (a directory right on a file is rejected by the kernel).
//   - Write grants no execute, no mknod of devices (root could otherwise
//     make a block device node of the disk and read it raw) and no
//     connect to unix sockets made outside the sandbox (ABI 9: an agent
//     must not use $SSH_AUTH_SOCK or docker.sock). It grants moving files
//     between directories (refer) from ABI 2, since git and npm rename
//     across directories; asking for refer on ABI 1 would make go-landlock
//     silently enforce nothing.
//   - the abstract unix socket and signal scopes (ABI 6), so the agent can
//     neither signal nor connect to deepreview or anything outside.
//   - no_new_privs, and every capability dropped (bounding set, ambient,
//     inheritable, permitted): as root, Landlock alone leaves module
//     loading, raw I/O, bpf and mknod to the agent.
//   - the network is not confined: agents must reach their provider.
//
// Traps, measured on kernel 6.18 (ABI 7) and in agent-clis.md §6:
//
//   - Landlock binds inodes existing when the ruleset is built: a missing
//     path is skipped (Policy.Skipped lists them), so pre-create scratch
//     dirs; a file replaced by rename later (resolv.conf rewritten by a
//     network manager) loses its rule.
//   - go-landlock's BestEffort enforces nothing on a kernel without
//     Landlock; Launch checks the ABI and fails instead of running the
//     agent unconfined.
//   - ABI 7 does not cover connect() to pathname unix sockets, UDP, chmod,
//     utimes, stat or readlink: strip SSH_AUTH_SOCK, DBUS_SESSION_BUS_ADDRESS
//     and DOCKER_HOST from an agent's environment; file existence and size
//     stay visible.
//   - a policy path is only as trustworthy as what it resolves to: never
//     put a path controlled by the change under review in Read, Exec or
//     Write expecting it to stay inside its tree.
package sandbox
