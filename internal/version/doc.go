// Package version says which deepreview this is: the module version and
// the version-control revision the Go toolchain stamped into the binary
// (runtime/debug.ReadBuildInfo). Reports, SARIF logs and `deepreview
// version` carry it, so a result can be traced to the build that made it.
package version
