// Package forge talks to GitHub: it reads a pull request's metadata
// (title, author, branches, commits, changed files) through the REST API
// and keeps one report comment per pull request, found again by a hidden
// marker and edited in place on later rounds.
//
// It uses net/http and encoding/json rather than go-github: deepreview
// needs five endpoints and a handful of fields, and a narrow client keeps
// the binary small, the error messages ours and the tests on recorded
// responses rather than on a library's types.
package forge
