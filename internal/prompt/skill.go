package prompt

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

//go:embed skill.md
var defaultSkill string

// Builtin is the source Skill reports for the embedded skill.
const Builtin = "builtin"

// RepoSkillPath is where a repository keeps its own skill.
const RepoSkillPath = ".deepreview/skill.md"

// DefaultSkill is the skill embedded in the binary.
func DefaultSkill() string { return defaultSkill }

// Skill returns the review skill and where it came from: the file at
// configuredPath when it is set (an error if it cannot be read), else
// RepoSkillPath under repoDir when that exists, else the embedded skill
// (source Builtin).
//
// A repository's skill steers the reviewers, so repoDir should be a tree
// the user trusts — the base branch, not the head of a pull request that
// could rewrite its own review instructions.
func Skill(repoDir, configuredPath string) (text, source string, err error) {
	if configuredPath != "" {
		return readSkill(configuredPath)
	}
	if repoDir != "" {
		p := filepath.Join(repoDir, filepath.FromSlash(RepoSkillPath))
		text, source, err := readSkill(p)
		if !errors.Is(err, fs.ErrNotExist) {
			return text, source, err
		}
	}
	return defaultSkill, Builtin, nil
}

func readSkill(path string) (string, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("review skill: %w", err)
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", "", fmt.Errorf("review skill %s is empty", path)
	}
	return string(b), path, nil
}
