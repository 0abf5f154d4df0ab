package prompt

import (
	"crypto/sha256"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
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
// RepoSkillPath in tree when it is there, else the embedded skill (source
// Builtin).
//
// A repository's skill steers the reviewers, so tree must be one the user
// trusts: the review's snapshot, which holds the base revision's
// .deepreview/ — never the head of a change that could rewrite its own
// review instructions.
func Skill(tree fs.FS, configuredPath string) (text, source string, err error) {
	if configuredPath != "" {
		b, err := os.ReadFile(configuredPath)
		return checkSkill(b, err, configuredPath)
	}
	if tree != nil {
		b, err := fs.ReadFile(tree, RepoSkillPath)
		if !errors.Is(err, fs.ErrNotExist) {
			return checkSkill(b, err, RepoSkillPath)
		}
	}
	return defaultSkill, Builtin, nil
}

func checkSkill(b []byte, err error, path string) (string, string, error) {
	if err != nil {
		return "", "", fmt.Errorf("review skill: %w", err)
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", "", fmt.Errorf("review skill %s is empty", path)
	}
	return string(b), path, nil
}

// Label names a skill for the report header: where it came from and a
// short hash of its text, so two reports can be told apart by the
// instructions their agents had.
func Label(text, source string) string {
	sum := sha256.Sum256([]byte(text))
	return fmt.Sprintf("%s (sha256:%x)", source, sum[:6])
}
