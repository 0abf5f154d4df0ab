package forge

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// exchange is one recorded API answer from testdata/github (see its
// README): NAME.json holds where it came from, what it answers and its
// headers; NAME.body the body as recorded.
type exchange struct {
	Name    string            `json:"-"`
	Source  string            `json:"source"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    []byte            `json:"-"`
	page    string
}

func loadExchange(t testing.TB, name string) exchange {
	t.Helper()
	meta, err := os.ReadFile(filepath.Join("testdata", "github", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var e exchange
	if err := json.Unmarshal(meta, &e); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	e.Name = name
	if e.Body, err = os.ReadFile(filepath.Join("testdata", "github", name+".body")); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Recorded string `json:"recorded_request"`
	}
	_ = json.Unmarshal(meta, &rec)
	e.page = pageOf(rec.Recorded)
	return e
}

// pageOf is the page a request asks for: its page parameter, or 1.
func pageOf(uri string) string {
	_, q, _ := strings.Cut(uri, "?")
	for kv := range strings.SplitSeq(q, "&") {
		if p, ok := strings.CutPrefix(kv, "page="); ok {
			return p
		}
	}
	return "1"
}

// replay is an httptest server answering with recorded exchanges, matched
// on method, path and page (per_page is ignored: the client asks for 100,
// the recordings used smaller pages). Links pointing at api.github.com are
// rewritten to the server. Unmatched requests get fallback, or a 599 that
// fails the test.
type replay struct {
	*httptest.Server
	t         testing.TB
	exchanges []exchange
	fallback  *exchange
	// graphql, when set, answers POST /graphql (see graphql_test.go): its
	// answers depend on the request body, which exchanges do not match.
	graphql  http.HandlerFunc
	mu       sync.Mutex
	requests []string // "METHOD /path?query", in order
	auth     []string // Authorization header of each request
}

func newReplay(t testing.TB, names ...string) *replay {
	r := &replay{t: t}
	for _, n := range names {
		r.exchanges = append(r.exchanges, loadExchange(t, n))
	}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *replay) client(token string) *Client {
	c, err := New(r.URL, token, "GH_TOKEN", r.Server.Client())
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func (r *replay) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Method+" "+req.URL.RequestURI())
	r.auth = append(r.auth, req.Header.Get("Authorization"))
	r.mu.Unlock()
	if r.graphql != nil && req.Method == http.MethodPost && req.URL.Path == "/graphql" {
		r.graphql(w, req)
		return
	}
	page := pageOf(req.URL.RequestURI())
	for _, e := range r.exchanges {
		if e.Method == req.Method && e.Path == req.URL.Path && e.page == page {
			r.write(w, e)
			return
		}
	}
	if r.fallback != nil {
		r.write(w, *r.fallback)
		return
	}
	r.t.Errorf("replay: no recorded answer for %s %s", req.Method, req.URL.RequestURI())
	w.WriteHeader(599)
}

func (r *replay) write(w http.ResponseWriter, e exchange) {
	for k, v := range e.Headers {
		w.Header().Set(k, strings.ReplaceAll(v, "https://api.github.com", r.URL))
	}
	w.WriteHeader(e.Status)
	w.Write(e.Body)
}

func (r *replay) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}
