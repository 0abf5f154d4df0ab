package review

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/workspace"
)

// LocalPrefix starts the RepoID of a repository without a GitHub remote.
// GitHub owners cannot start with '_', so no GitHub repository has it.
const LocalPrefix = "_local/"

// RepoID identifies the repository at top for rounds and notes: its
// GitHub name (owner/name) when it has one, else its folder's name and a
// hash of its root commit and absolute path. Two unrelated repositories in
// folders of one name (every ~/src/app) then never share rounds or notes,
// while one repository keeps its id across reviews.
func RepoID(ctx context.Context, top, githubName string) (string, error) {
	if strings.Contains(githubName, "/") {
		return githubName, nil
	}
	abs, err := filepath.Abs(top)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	out, err := gitcmd.Run(ctx, top, "rev-list", "--max-parents=0", "HEAD")
	if err != nil {
		return "", fmt.Errorf("the repository's root commit: %w", err)
	}
	roots := strings.Fields(out)
	slices.Sort(roots) // a repository with merged histories has several
	sum := sha256.Sum256([]byte(strings.Join(roots, ",") + "\x00" + abs))
	return LocalPrefix + filepath.Base(abs) + "-" + hex.EncodeToString(sum[:6]), nil
}

// HereRepo returns the RepoID of the repository holding dir, its display
// name (as workspace.Repo) and its current branch ("" when detached).
func HereRepo(ctx context.Context, dir string) (id, name, branch string, err error) {
	name, branch, err = workspace.Repo(ctx, dir)
	if err != nil {
		return "", "", "", err
	}
	top, err := gitcmd.Run(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", "", err
	}
	id, err = RepoID(ctx, top, name)
	return id, name, branch, err
}

// repoKey is what the store knows a change's repository by: its RepoID,
// or its name in a report made before RepoIDs.
func repoKey(c report.Change) string {
	if c.RepoID != "" {
		return c.RepoID
	}
	return c.Repo
}

// RepoLabel names a RepoID for people: owner/name, or a local
// repository's folder name without its hash.
func RepoLabel(id string) string {
	local, ok := strings.CutPrefix(id, LocalPrefix)
	if !ok {
		return id
	}
	if i := strings.LastIndexByte(local, '-'); i > 0 {
		return local[:i]
	}
	return local
}
