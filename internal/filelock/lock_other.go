//go:build !unix

package filelock

import "context"

// Lock does nothing where flock is missing: concurrent updates may then
// collide, and their callers' retries and atomic writes must do.
func Lock(ctx context.Context, path string) (unlock func(), err error) { return func() {}, nil }
