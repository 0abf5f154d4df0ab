package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/report"
)

// Review states.
const (
	Running = "running"
	Done    = "done"
	Failed  = "failed"
	// Abandoned is a review whose deepreview died while it was running
	// (killed, or the machine stopped): Sweep finds it by its Owner.
	Abandoned = "abandoned"
)

// Entry is what the store knows of one review without reading its report:
// enough for `deepreview list`. It is the review folder's meta.json.
type Entry struct {
	ID   string `json:"id"`
	Repo string `json:"repo"`
	// RepoID identifies the repository across folders and names (see
	// report.Change.RepoID); empty in reviews stored before it existed,
	// which are then known by Repo.
	RepoID   string `json:"repo_id,omitempty"`
	PR       int    `json:"pr,omitempty"`
	Branch   string `json:"branch,omitempty"`
	Head     string `json:"head,omitempty"`
	Round    int    `json:"round"`              // 0 for a failed or abandoned attempt
	Previous string `json:"previous,omitempty"` // id of round N-1, "" in round 1
	// Attempt is the round a failed or abandoned review tried to be; it
	// gave its round back, so the next review of the change takes it.
	Attempt int       `json:"attempt,omitempty"`
	Started time.Time `json:"started"`
	State   string    `json:"state"` // running | done | failed | abandoned
	// Owner is the deepreview process running the review, on Host; a
	// running review whose owner is gone was abandoned.
	Owner *proc.Owner `json:"owner,omitempty"`
	Host  string      `json:"host,omitempty"`

	Verdict     string                `json:"verdict,omitempty"`
	WallClockMS int64                 `json:"wall_clock_ms,omitempty"`
	Agents      []string              `json:"agents,omitempty"`
	Findings    report.SeverityCounts `json:"findings"`
	Error       string                `json:"error,omitempty"`
}

// Change names the entry's change: "owner/name#7" or "owner/name@branch".
func (e Entry) Change() string {
	if e.PR > 0 {
		return fmt.Sprintf("%s#%d", e.Repo, e.PR)
	}
	return e.Repo + "@" + e.Branch
}

// Key identifies a change across rounds: a repository (its RepoID, see
// report.Change.RepoID) and a pull request number, or a repository and a
// branch when PR is 0. As a filter, an empty Repo matches any repository.
type Key struct {
	Repo   string
	PR     int
	Branch string
}

// KeyOf returns the key of a report's change.
func KeyOf(c report.Change) Key {
	k := Key{Repo: c.RepoID, PR: c.PR}
	if k.Repo == "" {
		k.Repo = c.Repo
	}
	if c.PR == 0 {
		k.Branch = c.Branch
	}
	return k
}

// repoID is what a key's Repo is compared with: the entry's RepoID, or
// its Repo when it was stored before RepoIDs.
func (e Entry) repoID() string {
	if e.RepoID != "" {
		return e.RepoID
	}
	return e.Repo
}

func (k Key) matches(e Entry) bool {
	if k.Repo != "" && !strings.EqualFold(k.Repo, e.repoID()) {
		return false
	}
	if k.PR > 0 || k.Branch != "" {
		return k.PR == e.PR && (k.PR > 0 || k.Branch == e.Branch)
	}
	return true
}

// detached reports whether k names no change beyond its repository: a
// detached HEAD, which has no implicit previous round.
func (k Key) detached() bool { return k.PR == 0 && k.Branch == "" }

// Review is one review's folder, being written or read back.
type Review struct {
	Entry
	Dir string

	mu       sync.Mutex
	unstored []string
}

// Create starts a review of change c begun at start: it claims a new
// folder named by the review id and records the round and the previous
// round's id (see rounds.go).
func (s *Store) Create(c report.Change, start time.Time) (*Review, error) {
	return s.CreateAfter(c, start, "")
}

// CreateAfter is Create with the previous round named: roundOf is the id
// of a finished review whose change this one continues (a detached HEAD
// has no implicit previous round); "" means the change's own latest.
func (s *Store) CreateAfter(c report.Change, start time.Time, roundOf string) (*Review, error) {
	key := KeyOf(c)
	if key.Repo == "" {
		return nil, errors.New("create review: change has no repository")
	}
	owner := proc.Self()
	e := Entry{Repo: c.Repo, RepoID: c.RepoID, PR: c.PR, Branch: key.Branch, Head: c.Head, Started: start, State: Running,
		Owner: &owner, Host: hostname()}
	var r *Review
	err := s.locked(func() error {
		if err := s.assignRound(&e, key, roundOf); err != nil {
			return err
		}
		dir, id, err := s.claim(baseID(key, start))
		if err != nil {
			return err
		}
		e.ID = id
		r = &Review{Entry: e, Dir: dir}
		return r.saveMeta()
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// baseID is YYYYMMDD-HHMMSS-pr-N or YYYYMMDD-HHMMSS-<branch slug>, local time.
func baseID(k Key, start time.Time) string {
	stamp := start.Local().Format("20060102-150405")
	if k.PR > 0 {
		return fmt.Sprintf("%s-pr-%d", stamp, k.PR)
	}
	b := slug(k.Branch, 48)
	if b == "" {
		b = "detached"
	}
	return stamp + "-" + b
}

// claim creates the review folder id, or id-2, id-3, … when taken.
func (s *Store) claim(id string) (dir, claimed string, err error) {
	for n := 1; n <= 1000; n++ {
		claimed = id
		if n > 1 {
			claimed = fmt.Sprintf("%s-%d", id, n)
		}
		dir = s.reviewDir(claimed)
		err = os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, claimed, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", "", fmt.Errorf("create review: %w", err)
		}
	}
	return "", "", fmt.Errorf("create review: ids %s to %s-1000 all taken", id, id)
}

func (r *Review) saveMeta() error {
	data, err := json.MarshalIndent(r.Entry, "", "  ")
	if err != nil {
		return err
	}
	return r.WriteFile("meta.json", append(data, '\n'))
}

// Path returns the absolute path of name (slash-separated, inside the
// review folder) and creates its parent folders.
func (r *Review) Path(name string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if name == "" || filepath.IsAbs(clean) || clean == "." || clean == ".." ||
		strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("review file %q: not a path inside the review folder", name)
	}
	path := filepath.Join(r.Dir, clean)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return path, nil
}

// AgentFile returns the path of the file name in the folder of agent (for
// files written as a stream, such as transcripts), creating the folder.
func (r *Review) AgentFile(agent, name string) (string, error) {
	a := slug(agent, 64)
	if a == "" {
		return "", fmt.Errorf("agent name %q: no letters or digits", agent)
	}
	return r.Path("agents/" + a + "/" + name)
}

// WriteFile atomically writes the file name inside the review folder. A
// failure is also remembered for Unstored.
func (r *Review) WriteFile(name string, data []byte) error {
	path, err := r.Path(name)
	if err == nil {
		err = WriteFile(path, data)
	}
	if err != nil {
		r.NotStored(name, err)
		return fmt.Errorf("review %s: %w", r.ID, err)
	}
	return nil
}

// NotStored records that the file name (slash-separated, inside the
// review folder) could not be written, for Unstored.
func (r *Review) NotStored(name string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.unstored = append(r.unstored, fmt.Sprintf("%s (%v)", name, rootCause(err)))
}

// Unstored lists the files of the review that could not be written, each
// with its reason, in the order they failed.
func (r *Review) Unstored() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.unstored)
}

// rootCause is the innermost error: "no space left on device" rather than
// the whole chain of paths, which the caller names already.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// Finish stores the consolidated report (report.json and the rendered
// report.md) and marks the review done, so later reviews of the change
// count it as a round.
func (r *Review) Finish(rep *report.Report, markdown []byte) error {
	var data bytes.Buffer
	if err := report.JSON(&data, rep); err != nil {
		return fmt.Errorf("review %s: %w", r.ID, err)
	}
	if err := r.WriteFile("report.json", data.Bytes()); err != nil {
		return err
	}
	if err := r.WriteFile("report.md", markdown); err != nil {
		return err
	}
	r.State, r.Error = Done, ""
	r.Verdict = rep.Verdict.Decision
	r.WallClockMS = rep.WallClockMS
	r.Agents = r.Agents[:0]
	for _, a := range rep.Retro.Agents {
		r.Agents = append(r.Agents, a.Name)
	}
	r.Findings = report.SeverityCounts{}
	for _, f := range rep.Findings {
		countSeverity(&r.Findings, string(f.Severity))
	}
	return r.saveMeta()
}

func countSeverity(c *report.SeverityCounts, sev string) {
	switch sev {
	case "critical":
		c.Critical++
	case "important":
		c.Important++
	case "suggestion":
		c.Suggestion++
	}
}

// Fail marks the review failed with the reason. It is an attempt, not a
// round: its round number goes back to the change.
func (r *Review) Fail(reason error) error {
	r.State, r.Error = Failed, reason.Error()
	r.giveBackRound()
	return r.saveMeta()
}

// giveBackRound turns a review that will have no report into an attempt.
func (r *Review) giveBackRound() {
	if r.Round > 0 {
		r.Attempt, r.Round = r.Round, 0
	}
}

// Report reads the review's report.json.
func (r *Review) Report() (*report.Report, error) {
	data, err := os.ReadFile(filepath.Join(r.Dir, "report.json"))
	if err != nil {
		return nil, fmt.Errorf("review %s has no report: %w", r.ID, err)
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("review %s: report.json: %w", r.ID, err)
	}
	return &rep, nil
}

// Previous returns the report of round N-1, or nil in round 1.
func (s *Store) Previous(r *Review) (*report.Report, error) {
	if r.Previous == "" {
		return nil, nil
	}
	prev, err := s.Get(r.Previous)
	if err != nil {
		return nil, err
	}
	return prev.Report()
}

// List returns the entries matching key (the zero Key matches all),
// oldest first. A folder whose meta.json is missing (a review being
// created) is skipped; an unreadable one is listed with State "unreadable".
func (s *Store) List(key Key) ([]Entry, error) {
	dirents, err := os.ReadDir(filepath.Join(s.dir, "reviews"))
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	var out []Entry
	for _, d := range dirents {
		if !d.IsDir() || checkID(d.Name()) != nil {
			continue
		}
		e, err := s.readMeta(d.Name())
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			e = Entry{ID: d.Name(), State: "unreadable", Error: err.Error()}
		}
		if err != nil && key == (Key{}) || err == nil && key.matches(e) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	return out, nil
}

// compareIDs orders id before id-2 before id-10.
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func (s *Store) readMeta(id string) (Entry, error) {
	data, err := os.ReadFile(filepath.Join(s.reviewDir(id), "meta.json"))
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, fmt.Errorf("review %s: meta.json: %w", id, err)
	}
	e.ID = id // the folder is the truth
	return e, nil
}

// Get returns the review id, or the one review whose id starts with id.
func (s *Store) Get(id string) (*Review, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	if e, err := s.readMeta(id); err == nil {
		return &Review{Entry: e, Dir: s.reviewDir(id)}, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	all, err := s.List(Key{})
	if err != nil {
		return nil, err
	}
	var found []string
	for _, e := range all {
		if strings.HasPrefix(e.ID, id) {
			found = append(found, e.ID)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no review %q in %s", id, s.dir)
	case 1:
		return s.Get(found[0])
	}
	return nil, fmt.Errorf("review id %q is ambiguous: %s", id, strings.Join(found, ", "))
}
