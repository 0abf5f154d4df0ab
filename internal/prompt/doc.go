// Package prompt builds the review prompt every agent receives: the review
// skill (how to review and the agent review format of spec §2, embedded
// from skill.md and replaceable per repository), then the change under
// review, its commits and files, the repository's context notes and, from
// round 2 on, the previous round's findings.
package prompt
