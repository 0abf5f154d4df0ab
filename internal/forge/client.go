package forge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds what is read of one response, so a misbehaving server
// cannot make the client hold an unbounded body in memory.
const maxBody = 32 << 20

// maxPages bounds pagination. GitHub itself stops at 3,000 files (30 pages
// of 100) and 250 commits per pull request.
const maxPages = 100

// Client is a GitHub REST API client for the few endpoints deepreview uses.
type Client struct {
	base        *url.URL
	token       string
	tokenSource string
	http        *http.Client
}

// New returns a client for the API at baseURL (https://api.github.com, or
// https://HOST/api/v3 for GitHub Enterprise; see APIBaseURL). An empty
// token makes unauthenticated requests, which work for public
// repositories. tokenSource names where the token came from (GH_TOKEN,
// "gh auth token", …) for error messages. A nil hc uses a client with a
// 60-second timeout.
func New(baseURL, token, tokenSource string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("github api url %q: want an absolute http(s) url", baseURL)
	}
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	return &Client{base: u, token: token, tokenSource: tokenSource, http: hc}, nil
}

// Error is a non-2xx answer of the API.
type Error struct {
	Method  string
	URL     string
	Status  int
	Message string // GitHub's "message" field, or the start of the body
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, e.URL, e.Status, http.StatusText(e.Status), e.Message)
}

// statusOf returns the HTTP status of an *Error in err's chain, or 0.
func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// do sends one request. path is relative to the base URL unless it is an
// absolute URL (a pagination link). in, when not nil, is sent as JSON; the
// response is decoded into out when out is not nil.
func (c *Client) do(ctx context.Context, method, path string, in, out any) (http.Header, error) {
	u, err := c.resolve(path)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", method, u, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	c.setHeaders(req, in != nil)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s %s: read response: %w", method, u, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &Error{Method: method, URL: u.String(), Status: resp.StatusCode, Message: apiMessage(data)}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, fmt.Errorf("%s %s: decode response: %w", method, u, err)
		}
	}
	return resp.Header, nil
}

func (c *Client) setHeaders(req *http.Request, hasBody bool) {
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "deepreview")
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
}

// resolve turns an API path or a pagination link into a URL. Links must
// stay on the API's host: the token is never sent anywhere else.
func (c *Client) resolve(path string) (*url.URL, error) {
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		return c.base.Parse(c.base.Path + path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("pagination link %q: %w", path, err)
	}
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return nil, fmt.Errorf("pagination link %q leaves the api host %s", path, c.base.Host)
	}
	return u, nil
}

// apiMessage extracts GitHub's error message from a response body.
func apiMessage(data []byte) string {
	var m struct {
		Message string `json:"message"`
	}
	s := string(data)
	if json.Unmarshal(data, &m) == nil && m.Message != "" {
		s = m.Message
	}
	// The server's text reaches the terminal and the store: one line, no
	// control characters, bounded, like GraphQL's messages.
	return serverText("", s)
}

// list GETs every page of a list endpoint, following the Link header's
// rel="next", and appends each page's items to *out.
func list[T any](ctx context.Context, c *Client, path string, out *[]T) error {
	next := path
	for page := 0; next != ""; page++ {
		if page == maxPages {
			return fmt.Errorf("GET %s: more than %d pages", path, maxPages)
		}
		var items []T
		h, err := c.do(ctx, http.MethodGet, next, nil, &items)
		if err != nil {
			return err
		}
		*out = append(*out, items...)
		next = parseLink(h.Get("Link"))["next"]
	}
	return nil
}

// parseLink parses an RFC 8288 Link header as GitHub writes it:
// `<url>; rel="next", <url>; rel="last"`. It returns rel → url and ignores
// entries it cannot read.
func parseLink(header string) map[string]string {
	links := map[string]string{}
	for part := range strings.SplitSeq(header, ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		target = strings.TrimSpace(target)
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || strings.TrimSpace(k) != "rel" {
				continue
			}
			for rel := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(v), `"`)) {
				if !strings.Contains(rel, `"`) {
					links[rel] = target[1 : len(target)-1]
				}
			}
		}
	}
	return links
}
