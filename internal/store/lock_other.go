//go:build !unix

package store

// lock does nothing where flock is missing: concurrent updates of one
// repository's notes may then drop an item, but never corrupt the file,
// since every write is atomic.
func lock(path string) (unlock func(), err error) { return func() {}, nil }
