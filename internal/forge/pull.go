package forge

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Repo is a GitHub repository, owner/name.
type Repo struct {
	Owner string
	Name  string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

var repoPart = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// ParseRepo reads "owner/name".
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(strings.TrimSuffix(s, ".git"), "/")
	if !ok || !repoPart.MatchString(owner) || !repoPart.MatchString(name) || name == "." || name == ".." {
		return Repo{}, fmt.Errorf("repository %q: want owner/name", s)
	}
	return Repo{Owner: owner, Name: name}, nil
}

// PullRequest is what a review needs to know of a pull request.
type PullRequest struct {
	Repo          Repo
	Number        int
	URL           string // html_url
	Title         string
	Author        string // login
	Body          string
	State         string // open | closed
	Draft         bool
	HeadRef       string // branch name
	HeadSHA       string
	HeadRepo      string // owner/name of the head branch's repository; "" when it was deleted
	BaseRef       string
	BaseSHA       string // the base branch's tip when the PR was last updated, not the merge base
	DefaultBranch string // of the base repository
	Commits       []Commit
	Files         []File
	// CommitCount and FileCount are GitHub's totals. The list endpoints
	// stop at 250 commits and 3,000 files, so they can exceed the lists.
	CommitCount int
	FileCount   int
}

// Commit is one commit of a pull request.
type Commit struct {
	SHA     string
	Subject string // first line of the message
}

// File is one changed file of a pull request.
type File struct {
	Path         string
	PreviousPath string // for renames
	Status       string // added | removed | modified | renamed | copied | changed | unchanged
	Additions    int
	Deletions    int
}

type apiPull struct {
	Number  int    `json:"number"`
	HTMLURL string `json:"html_url"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	State   string `json:"state"`
	Draft   bool   `json:"draft"`
	User    struct {
		Login string `json:"login"`
	} `json:"user"`
	Head         apiRef `json:"head"`
	Base         apiRef `json:"base"`
	Commits      int    `json:"commits"`
	ChangedFiles int    `json:"changed_files"`
}

type apiRef struct {
	Ref  string `json:"ref"`
	SHA  string `json:"sha"`
	Repo *struct {
		FullName      string `json:"full_name"`
		DefaultBranch string `json:"default_branch"`
	} `json:"repo"`
}

type apiCommit struct {
	SHA    string `json:"sha"`
	Commit struct {
		Message string `json:"message"`
	} `json:"commit"`
}

type apiFile struct {
	Filename         string `json:"filename"`
	PreviousFilename string `json:"previous_filename"`
	Status           string `json:"status"`
	Additions        int    `json:"additions"`
	Deletions        int    `json:"deletions"`
}

// PullRequest fetches a pull request with all its commits and changed
// files (three requests plus one per further page of 100).
func (c *Client) PullRequest(ctx context.Context, repo Repo, number int) (*PullRequest, error) {
	if number <= 0 {
		return nil, fmt.Errorf("pull request %s#%d: want a positive number", repo, number)
	}
	p := fmt.Sprintf("/repos/%s/%s/pulls/%d", repo.Owner, repo.Name, number)
	var ap apiPull
	if _, err := c.do(ctx, http.MethodGet, p, nil, &ap); err != nil {
		return nil, c.explain(err, fmt.Sprintf("pull request %s#%d", repo, number))
	}
	pr := fromAPI(repo, &ap)
	var commits []apiCommit
	if err := list(ctx, c, p+"/commits?per_page=100", &commits); err != nil {
		return nil, c.explain(err, fmt.Sprintf("commits of %s#%d", repo, number))
	}
	for _, ac := range commits {
		pr.Commits = append(pr.Commits, Commit{SHA: ac.SHA, Subject: subject(ac.Commit.Message)})
	}
	var files []apiFile
	if err := list(ctx, c, p+"/files?per_page=100", &files); err != nil {
		return nil, c.explain(err, fmt.Sprintf("files of %s#%d", repo, number))
	}
	for _, af := range files {
		pr.Files = append(pr.Files, File{Path: af.Filename, PreviousPath: af.PreviousFilename,
			Status: af.Status, Additions: af.Additions, Deletions: af.Deletions})
	}
	return pr, nil
}

func fromAPI(repo Repo, ap *apiPull) *PullRequest {
	pr := &PullRequest{
		Repo: repo, Number: ap.Number, URL: ap.HTMLURL, Title: ap.Title, Author: ap.User.Login,
		Body: ap.Body, State: ap.State, Draft: ap.Draft,
		HeadRef: ap.Head.Ref, HeadSHA: ap.Head.SHA, BaseRef: ap.Base.Ref, BaseSHA: ap.Base.SHA,
		CommitCount: ap.Commits, FileCount: ap.ChangedFiles,
	}
	if ap.Head.Repo != nil {
		pr.HeadRepo = ap.Head.Repo.FullName
	}
	if ap.Base.Repo != nil {
		pr.DefaultBranch = ap.Base.Repo.DefaultBranch
	}
	return pr
}

// DefaultBranch returns a repository's default branch.
func (c *Client) DefaultBranch(ctx context.Context, repo Repo) (string, error) {
	var r struct {
		DefaultBranch string `json:"default_branch"`
	}
	if _, err := c.do(ctx, http.MethodGet, "/repos/"+repo.String(), nil, &r); err != nil {
		return "", c.explain(err, "repository "+repo.String())
	}
	return r.DefaultBranch, nil
}

func subject(msg string) string {
	s, _, _ := strings.Cut(msg, "\n")
	return strings.TrimSpace(s)
}

// explain turns the API's answers a user can act on into messages that
// say what to do.
func (c *Client) explain(err error, what string) error {
	switch statusOf(err) {
	case http.StatusNotFound:
		if c.token == "" {
			return fmt.Errorf("%s not found on %s (if it is private, set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`): %w", what, c.base.Host, err)
		}
		return fmt.Errorf("%s not found on %s, or the token from %s cannot see it: %w", what, c.base.Host, c.tokenSource, err)
	case http.StatusUnauthorized:
		if c.token == "" {
			return fmt.Errorf("%s: %s wants a token: set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`: %w", what, c.base.Host, err)
		}
		return fmt.Errorf("%s: %s rejected the token from %s (expired or revoked?): set GH_TOKEN or GITHUB_TOKEN to a valid token, or run `gh auth login`: %w", what, c.base.Host, c.tokenSource, err)
	case http.StatusForbidden, http.StatusTooManyRequests:
		if c.token == "" {
			return fmt.Errorf("%s: refused, probably the rate limit for unauthenticated requests (60 an hour): set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`: %w", what, err)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}
