package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// These tests run the steps of ../../action.yml as GitHub's runner would:
// each run: script with bash in the workspace, with the step's env and
// the files GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY; each
// uses: step by a stub that checks its inputs (setup-go: the Go already
// here; cache: a folder; upload-artifact, upload-sarif: the files they
// name). The event is a recorded pull_request event and the GitHub API
// the recorded one (testdata/action/README.md).

type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readAction(t *testing.T) *actionFile {
	t.Helper()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" || len(a.Runs.Steps) == 0 {
		t.Fatalf("action.yml is not a composite action: %+v", a.Runs)
	}
	return &a
}

// stub stands for a uses: action; it gets the evaluated with: inputs.
type stub func(with map[string]string) error

// actionRunner is one job running the action.
type actionRunner struct {
	t      *testing.T
	action *actionFile
	env    map[string]string // the job's environment
	ctx    map[string]any    // expression contexts
	stubs  map[string]stub
	path   []string // GITHUB_PATH additions, newest first
	status exprStatus
	ran    []string // "name: ok|failed (exit N)|skipped"
	logs   strings.Builder
	// summary is what the steps wrote to GITHUB_STEP_SUMMARY.
	summary strings.Builder
}

// run runs every step and returns the action's outputs.
func (r *actionRunner) run(with map[string]string) map[string]string {
	r.t.Helper()
	inputs := map[string]any{}
	for name, in := range r.action.Inputs {
		v, err := interpolate(in.Default, r.ctx, r.status)
		if err != nil {
			r.t.Fatalf("input %s default: %v", name, err)
		}
		inputs[name] = v
	}
	for name, v := range with {
		if _, ok := r.action.Inputs[name]; !ok {
			r.t.Fatalf("action.yml has no input %q", name)
		}
		inputs[name] = v
	}
	r.ctx["inputs"], r.ctx["steps"] = inputs, map[string]any{}
	for i, s := range r.action.Runs.Steps {
		r.step(i, s)
	}
	out := map[string]string{}
	for name, o := range r.action.Outputs {
		v, err := interpolate(o.Value, r.ctx, r.status)
		if err != nil {
			r.t.Fatalf("output %s: %v", name, err)
		}
		out[name] = v
	}
	return out
}

// condition is a step's if: with GitHub's implied success().
func condition(s actionStep) string {
	c := strings.TrimSpace(s.If)
	c = strings.TrimSuffix(strings.TrimPrefix(c, "${{"), "}}")
	if c == "" {
		return "success()"
	}
	if !regexp.MustCompile(`\b(always|success|failure|cancelled)\(`).MatchString(c) {
		return "success() && (" + c + ")"
	}
	return c
}

func (r *actionRunner) step(i int, s actionStep) {
	r.t.Helper()
	name := cmpOr(s.Name, fmt.Sprint("step ", i))
	ok, err := evalExpr(condition(s), r.ctx, r.status)
	if err != nil {
		r.t.Fatalf("%s: if: %v", name, err)
	}
	if !truthy(ok) {
		r.ran = append(r.ran, name+": skipped")
		return
	}
	with := map[string]string{}
	for k, v := range s.With {
		if with[k], err = interpolate(v, r.ctx, r.status); err != nil {
			r.t.Fatalf("%s: with %s: %v", name, k, err)
		}
	}
	var outputs map[string]any
	switch {
	case s.Uses != "":
		action, _, _ := strings.Cut(s.Uses, "@")
		st, ok := r.stubs[action]
		if !ok {
			r.t.Fatalf("%s: no stub for %s", name, s.Uses)
		}
		err = st(with)
	case s.Run != "":
		outputs, err = r.script(name, s)
	default:
		r.t.Fatalf("%s: neither uses nor run", name)
	}
	result := "ok"
	if err != nil {
		r.status.failed = true
		result = "failed (" + err.Error() + ")"
	}
	r.ran = append(r.ran, name+": "+result)
	if s.ID != "" {
		r.ctx["steps"].(map[string]any)[s.ID] = map[string]any{"outputs": outputs}
	}
}

// script runs a run: step as GitHub runs shell: bash.
func (r *actionRunner) script(name string, s actionStep) (map[string]any, error) {
	r.t.Helper()
	if s.Shell != "bash" {
		r.t.Fatalf("%s: shell %q (composite steps must name bash)", name, s.Shell)
	}
	dir := r.t.TempDir()
	file := filepath.Join(dir, "script.sh")
	files := map[string]string{"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
		"GITHUB_PATH": filepath.Join(dir, "path")}
	if err := os.WriteFile(file, []byte(s.Run), 0o644); err != nil {
		r.t.Fatal(err)
	}
	env := map[string]string{}
	for k, v := range r.env {
		env[k] = v
	}
	for k, v := range files {
		env[k] = v
		if err := os.WriteFile(v, nil, 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	env["PATH"] = strings.Join(append(slices.Clone(r.path), r.env["PATH"]), ":")
	for k, v := range s.Env {
		val, err := interpolate(v, r.ctx, r.status)
		if err != nil {
			r.t.Fatalf("%s: env %s: %v", name, k, err)
		}
		env[k] = val
	}
	cmd := exec.CommandContext(r.t.Context(), "bash", "--noprofile", "--norc", "-eo", "pipefail", file)
	cmd.Dir, cmd.Env = r.env["GITHUB_WORKSPACE"], envList(env)
	out, runErr := cmd.CombinedOutput()
	fmt.Fprintf(&r.logs, "== %s\n%s", name, out)
	outputs := readGitHubOutput(r.t, files["GITHUB_OUTPUT"])
	paths, _ := os.ReadFile(files["GITHUB_PATH"])
	for _, p := range strings.Fields(string(paths)) {
		r.path = append([]string{p}, r.path...)
	}
	summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	r.summary.Write(summary)
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		return outputs, fmt.Errorf("exit %d", ee.ExitCode())
	}
	if runErr != nil {
		r.t.Fatalf("%s: %v", name, runErr)
	}
	return outputs, nil
}

// readGitHubOutput reads name=value and name<<DELIM lines.
func readGitHubOutput(t *testing.T, file string) map[string]any {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if k, delim, ok := strings.Cut(lines[i], "<<"); ok {
			var v []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				v = append(v, lines[i])
			}
			out[k] = strings.Join(v, "\n")
		} else if k, v, ok := strings.Cut(lines[i], "="); ok {
			out[k] = v
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// eventAPI answers the event's pull request (Codertocat/Hello-World#2)
// with the recorded answers of PyGithub/PyGithub#31.
func eventAPI(t *testing.T, g *fakeGitHub) *httptest.Server {
	pr := regexp.MustCompile(`^/repos/Codertocat/Hello-World/(pulls|issues)/2(/|$)`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p := pr.ReplaceAllString(req.URL.Path, "/repos/PyGithub/PyGithub/$1/31$2")
		req.URL.Path = strings.Replace(p, "/repos/Codertocat/Hello-World/", "/repos/PyGithub/PyGithub/", 1)
		g.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// actionJob is what a workflow run gives the action: a checkout of the
// repository in the workspace, the event, the API and a runner.
type actionJob struct {
	repo      *rvRepo
	gh        *fakeGitHub
	api       *httptest.Server
	workspace string
	event     map[string]any
	eventPath string
	cache     map[string]string // key → folder, the Actions cache
	artifacts map[string]string // name → folder
	sarif     []string
}

func newActionJob(t *testing.T) *actionJob {
	r := newRVRepo(t)
	bare := filepath.Join(t.TempDir(), "Hello-World.git")
	r.git("clone", "-q", "--bare", r.dir, bare)
	r.git("--git-dir", bare, "update-ref", "refs/heads/topic/RewriteWithGeneratedCode", "main")
	r.git("--git-dir", bare, "update-ref", "refs/pull/31/head", "feature")
	// actions/checkout: a clone of the repository with its whole history.
	ws := filepath.Join(t.TempDir(), "Hello-World")
	r.git("clone", "-q", bare, ws)
	gitIn := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", ws}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("remote", "set-url", "origin", "https://github.com/Codertocat/Hello-World.git")
	gitIn("config", "url."+bare+".insteadOf", "https://github.com/Codertocat/Hello-World.git")
	gh, _ := newFakeGitHub(t)
	j := &actionJob{repo: r, gh: gh, api: eventAPI(t, gh), workspace: ws, cache: map[string]string{}, artifacts: map[string]string{},
		eventPath: "testdata/action/pull_request.synchronize.json"}
	b, err := os.ReadFile(j.eventPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &j.event); err != nil {
		t.Fatal(err)
	}
	return j
}

// goEnv is the Go toolchain's environment, so the action's go install
// uses this machine's module and build caches.
func goEnv(t *testing.T) map[string]string {
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS", "GONOSUMDB", "GOSUMDB", "GOTOOLCHAIN").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// runner starts a job run: its own RUNNER_TEMP, as on GitHub.
func (j *actionJob) runner(t *testing.T, runID string, extraEnv map[string]string) *actionRunner {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	temp := t.TempDir()
	repo := j.event["repository"].(map[string]any)["full_name"].(string)
	env := map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": t.TempDir(), "XDG_CONFIG_HOME": t.TempDir(), "CI": "true",
		"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REPOSITORY": repo,
		"GITHUB_WORKSPACE": j.workspace, "GITHUB_ACTION_PATH": root, "RUNNER_TEMP": temp,
		"GITHUB_RUN_ID": runID, "GITHUB_SERVER_URL": "https://github.com", "DEEPREVIEW_GITHUB_API_URL": j.api.URL,
	}
	env["GITHUB_EVENT_PATH"], _ = filepath.Abs(j.eventPath)
	for k, v := range goEnv(t) {
		env[k] = v
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	r := &actionRunner{t: t, action: readAction(t), env: env, ctx: map[string]any{
		"github": map[string]any{"token": "ghs_job_token", "repository": repo, "event": j.event, "action_path": root,
			"run_id": runID, "run_attempt": "1", "event_name": "pull_request", "workspace": j.workspace},
		"runner": map[string]any{"temp": temp, "os": "Linux"},
	}}
	r.stubs = map[string]stub{
		"actions/setup-go":                  j.setupGo,
		"actions/cache/restore":             j.cacheRestore,
		"actions/cache/save":                j.cacheSave,
		"actions/upload-artifact":           j.uploadArtifact,
		"github/codeql-action/upload-sarif": j.uploadSARIF,
	}
	return r
}

func (j *actionJob) setupGo(with map[string]string) error {
	if _, err := os.Stat(with["go-version-file"]); err != nil {
		return fmt.Errorf("setup-go: go-version-file: %w", err)
	}
	return nil
}

func (j *actionJob) cacheRestore(with map[string]string) error {
	if with["path"] == "" || with["key"] == "" {
		return fmt.Errorf("cache/restore: path %q key %q", with["path"], with["key"])
	}
	var keys []string
	for k := range j.cache {
		if strings.HasPrefix(k, with["restore-keys"]) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil // a miss
	}
	slices.Sort(keys)
	return os.CopyFS(with["path"], os.DirFS(j.cache[keys[len(keys)-1]]))
}

func (j *actionJob) cacheSave(with map[string]string) error {
	if _, ok := j.cache[with["key"]]; ok {
		return fmt.Errorf("cache/save: key %s exists (caches are immutable)", with["key"])
	}
	dir, err := os.MkdirTemp("", "actions-cache-")
	if err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(dir, "c"), os.DirFS(with["path"])); err != nil {
		return fmt.Errorf("cache/save: %w", err)
	}
	j.cache[with["key"]] = filepath.Join(dir, "c")
	return nil
}

func (j *actionJob) uploadArtifact(with map[string]string) error {
	for _, f := range []string{"report.json", "report.md", "report.sarif", "report.html"} {
		if st, err := os.Stat(filepath.Join(with["path"], f)); err != nil || st.Size() == 0 {
			return fmt.Errorf("upload-artifact: %s: %v", f, err)
		}
	}
	if with["name"] == "" || with["name"] == "deepreview-" {
		return fmt.Errorf("upload-artifact: name %q", with["name"])
	}
	if _, dup := j.artifacts[with["name"]]; dup {
		return fmt.Errorf("upload-artifact: name %q taken", with["name"])
	}
	j.artifacts[with["name"]] = with["path"]
	return nil
}

func (j *actionJob) uploadSARIF(with map[string]string) error {
	b, err := os.ReadFile(with["sarif_file"])
	if err != nil {
		return fmt.Errorf("upload-sarif: %w", err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
		return fmt.Errorf("upload-sarif: %s is not SARIF 2.1.0: %v", with["sarif_file"], err)
	}
	if with["category"] == "" {
		return errors.New("upload-sarif: no category: a second SARIF of the same commit would replace this one")
	}
	j.sarif = append(j.sarif, with["sarif_file"])
	return nil
}

// TestAction runs the action twice on a pull request, as two pushes to it
// would: round 1 posts the report comment and a failing status
// (fail-on: rework), uploads the report and the SARIF, and fails the job
// with exit 3; round 2, its store restored from the cache, edits the same
// comment and, with fail-on: never, passes.
func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds deepreview with go install")
	}
	j := newActionJob(t)
	// An agent that says whether it saw the runner's OIDC request token or
	// the job's token (as GH_TOKEN or in git's configuration): deepreview
	// passes agents an allow-list of the environment.
	peek := "env | grep -q 'ACTIONS_ID_TOKEN_REQUEST_TOKEN\\|GIT_CONFIG_VALUE\\|ghs_job_token' && echo LEAKED-TOKEN;"
	cfg := j.repo.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, peek), "beta": agentScript(t, reviewBeta, "")})
	oidc := map[string]string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "oidc-secret", "ACTIONS_ID_TOKEN_REQUEST_URL": "https://token.example"}
	with := map[string]string{"agents": "alpha,beta", "consolidator": "none", "config": cfg, "fail-on": "rework", "sarif": "true"}

	r1 := j.runner(t, "1001", oidc)
	out := r1.run(with)
	t.Logf("round 1 steps: %q", r1.ran)
	want := []string{"Set up Go: ok", "Install deepreview: ok", "Install agent CLIs: ok", "Restore earlier rounds: ok", "Review: ok",
		"Save this round: ok", "Upload the report: ok", "Upload findings to code scanning: ok", "Verdict: failed (exit 3)"}
	if !slices.Equal(r1.ran, want) {
		t.Fatalf("round 1 steps %q, want %q\n%s", r1.ran, want, r1.logs.String())
	}
	if out["verdict"] != "Rework" || out["exit-code"] != "3" || out["review-id"] == "" ||
		out["comment-url"] != "https://github.com/PyGithub/PyGithub/pull/31#issuecomment-900002" {
		t.Errorf("round 1 outputs %v", out)
	}
	rep, err := os.ReadFile(filepath.Join(out["report-path"], "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(rep), "LEAKED-TOKEN") {
		t.Error("an agent saw a token")
	}
	if len(j.sarif) != 1 || len(j.artifacts) != 1 || !strings.Contains(r1.summary.String(), "# Deep Review") {
		t.Errorf("sarif %v, artifacts %v, summary %.100q", j.sarif, j.artifacts, r1.summary.String())
	}
	if len(j.gh.statuses) != 1 || j.gh.statuses[0]["state"] != "failure" || j.gh.statuses[0]["context"] != "deepreview" {
		t.Errorf("round 1 statuses %v", j.gh.statuses)
	}

	with["fail-on"], with["sarif"] = "never", "false"
	r2 := j.runner(t, "1002", nil)
	out = r2.run(with)
	want = []string{"Set up Go: ok", "Install deepreview: ok", "Install agent CLIs: ok", "Restore earlier rounds: ok", "Review: ok",
		"Save this round: ok", "Upload the report: ok", "Upload findings to code scanning: skipped", "Verdict: ok"}
	if !slices.Equal(r2.ran, want) {
		t.Fatalf("round 2 steps %q, want %q\n%s", r2.ran, want, r2.logs.String())
	}
	rep, err = os.ReadFile(filepath.Join(out["report-path"], "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var round struct{ Round int }
	json.Unmarshal(rep, &round)
	if round.Round != 2 || out["exit-code"] != "0" {
		t.Errorf("round 2: report round %d, outputs %v", round.Round, out)
	}
	var posts, patches int
	for _, q := range j.gh.requests {
		if strings.HasPrefix(q, "POST /repos/PyGithub/PyGithub/issues/31/comments") {
			posts++
		}
		if strings.HasPrefix(q, "PATCH ") {
			patches++
		}
	}
	if posts != 1 || patches != 1 || len(j.gh.statuses) != 2 || j.gh.statuses[1]["state"] != "success" {
		t.Errorf("round 2: %d comments created, %d edited, statuses %v", posts, patches, j.gh.statuses)
	}
}

// TestActionExpressions checks the test's expression evaluator on the
// forms action.yml uses.
func TestActionExpressions(t *testing.T) {
	ctx := map[string]any{"inputs": map[string]any{"sarif": "true", "fail-on": "rework"},
		"steps":  map[string]any{"review": map[string]any{"outputs": map[string]any{"report-path": "/r"}}},
		"github": map[string]any{"event": map[string]any{"pull_request": map[string]any{"number": 2.0}}}}
	for _, tt := range []struct {
		expr string
		ok   exprStatus
		want string
	}{
		{"inputs.sarif == 'true'", exprStatus{}, "true"},
		{"inputs.sarif == 'TRUE'", exprStatus{}, "true"},
		{"always() && inputs.sarif == 'true' && steps.review.outputs.report-path != ''", exprStatus{failed: true}, "true"},
		{"success() && (steps.review.outputs.review-id != '')", exprStatus{}, "false"},
		{"github.event.pull_request.number", exprStatus{}, "2"},
		{"steps.nope.outputs.x || 'dflt'", exprStatus{}, "dflt"},
		{"!failure()", exprStatus{failed: true}, "false"},
	} {
		v, err := evalExpr(tt.expr, ctx, tt.ok)
		if err != nil || exprString(v) != tt.want {
			t.Errorf("%s = %v (%v), want %s", tt.expr, v, err, tt.want)
		}
	}
	if _, err := evalExpr("toJSON(github)", ctx, exprStatus{}); err == nil {
		t.Error("a function the evaluator does not know was accepted")
	}
	if _, err := evalExpr("secrets.TOKEN", ctx, exprStatus{}); err == nil {
		t.Error("an unknown context was accepted")
	}
}
