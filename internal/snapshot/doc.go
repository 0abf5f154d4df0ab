// Package snapshot makes the one read-only view of a change that every
// agent of a review shares: the files of the change's head, checked out
// into a folder of deepreview's own with a git directory of its own that
// borrows the user's objects (objects/info/alternates), never the user's
// config, hooks or refs.
//
// What the change carries for the agents' own CLIs — settings, hooks, MCP
// servers, skills, ignore files — is withheld from the checkout, and the
// instruction files the CLIs obey (CLAUDE.md, AGENTS.md, GEMINI.md,
// .deepreview/) are the base revision's: the change to them is reviewed
// through the diff, never obeyed. Confinement (internal/sandbox) makes the
// snapshot read-only for the agents, which is what makes one copy for all
// of them safe.
//
// Each snapshot folder records its owner (pid and start time): Sweep
// removes the folders of owners that died without cleaning up.
package snapshot
