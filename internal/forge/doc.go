// Package forge talks to GitHub: it reads a pull request's metadata
// (title, author, branches, commits, changed files) through the REST API
// and keeps one report comment per pull request, edited in place on later
// rounds. The comment to edit is found by who wrote it — the token's own
// identity, asked of the API — and by the id the store recorded; the
// hidden marker says what a comment is, but anyone can write it, so it
// never selects one alone. Nothing posted names a local path.
//
// Review threads are read, and deepreview's own resolved, through the
// GraphQL API (graphql.go), the only one that knows a thread's resolved
// state; when GraphQL is unavailable the threads are read through REST
// without it.
//
// It uses net/http and encoding/json rather than go-github: deepreview
// needs five endpoints and a handful of fields, and a narrow client keeps
// the binary small, the error messages ours and the tests on recorded
// responses rather than on a library's types.
package forge
