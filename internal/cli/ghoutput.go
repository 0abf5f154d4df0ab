package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/review"
)

// writeGitHubOutput appends the review's outputs to file in the format of
// GitHub Actions' $GITHUB_OUTPUT (name=value lines), for the Action's
// outputs: verdict, review-id, report-dir and comment-url. An empty file
// name writes nothing.
func writeGitHubOutput(env Env, file string, res *review.Result) error {
	if file == "" {
		return nil
	}
	out := [][2]string{
		{"verdict", res.Report.Verdict.Decision},
		{"review-id", res.Report.ID},
		{"report-dir", res.Dir},
		{"comment-url", ""},
	}
	if res.Comment != nil {
		out[3][1] = res.Comment.URL
	}
	var b strings.Builder
	for _, kv := range out {
		// A line break would start another output: the values are ours
		// or GitHub's, but a comment URL is GitHub's word only.
		if strings.ContainsAny(kv[1], "\r\n") {
			return fmt.Errorf("--github-output: %s holds a line break: %q", kv[0], kv[1])
		}
		fmt.Fprintf(&b, "%s=%s\n", kv[0], kv[1])
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(env.Dir, file)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("--github-output: %w", err)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return fmt.Errorf("--github-output: %w", err)
	}
	return f.Close()
}
