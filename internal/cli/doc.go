// Package cli holds deepreview's subcommands: flags, input and output only.
// The work is done by the library packages they call.
package cli
