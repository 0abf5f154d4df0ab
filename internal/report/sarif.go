package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/version"
)

// SARIF 2.1.0 as GitHub code scanning reads it. What code scanning needs
// to track a result from one upload to the next: a rule id that does not
// change (one per finding kind, a fixed set), a primary location in the
// repository, and partialFingerprints.primaryLocationLineHash, the hash of
// the primary line the upload action would compute itself (sarifLineHash).
// Every result has a location: code scanning rejects a whole log for one
// result without.

// sarifSchema is the official schema of the version written.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool              sarifTool       `json:"tool"`
		AutomationDetails sarifAutomation `json:"automationDetails"`
		Results           []sarifResult   `json:"results"`
		Properties        *sarifRunProps  `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string            `json:"id"`
		Name                 string            `json:"name"`
		ShortDescription     sarifMessage      `json:"shortDescription"`
		FullDescription      sarifMessage      `json:"fullDescription"`
		Help                 sarifMessage      `json:"help"`
		DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
		Properties           sarifRuleTagProps `json:"properties"`
	}
	sarifRuleConfig struct {
		Level string `json:"level"`
	}
	sarifRuleTagProps struct {
		Tags []string `json:"tags"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifMessage       `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
		BaselineState       string             `json:"baselineState,omitempty"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          sarifProperties    `json:"properties"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifLocation struct {
		ID               int           `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
		EndLine   int `json:"endLine"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification"`
	}
	// sarifProperties keep what SARIF has no field for: the finding's id
	// and kind, its reconciled severity and each source agent's original
	// one, the agents, the location check and the round status.
	sarifProperties struct {
		ID            string        `json:"id"`
		Kind          string        `json:"kind,omitempty"`
		Severity      string        `json:"severity"`
		Sources       []sarifSource `json:"sources"`
		Agents        []string      `json:"agents"`
		LocationCheck string        `json:"locationCheck,omitempty"`
		Status        string        `json:"status,omitempty"`
		Fingerprint   string        `json:"fingerprint,omitempty"`
		Dropped       bool          `json:"dropped,omitempty"`
	}
	sarifSource struct {
		Agent    string `json:"agent"`
		ID       string `json:"id"`
		Severity string `json:"severity"`
	}
	// sarifRunProps list what has no result: findings without a location
	// (code scanning would reject the log for them) and round N-1's
	// findings fixed in this round (code scanning closes their alerts when
	// an upload no longer holds them).
	sarifRunProps struct {
		Unlocated []string `json:"unlocated,omitempty"`
		Fixed     []string `json:"fixed,omitempty"`
	}
)

// sarifRuleDefs are the rules, one per finding kind, in a fixed order so
// that rule ids and indexes never change. A kind outside the four of spec
// §2 (or none) is deepreview/other: rule ids are not free-form strings an
// agent invented.
var sarifRuleDefs = []struct {
	kind, name, short, full, help string
}{
	{"regression", "Regression", "Defect introduced by the change",
		"The reviewed change introduces this defect: code that worked before the change does not after it, or new code is wrong.",
		"A regression is a defect the change under review introduces. Fix it before merging: the finding's text says what breaks, where, and how to change it."},
	{"gap", "Gap", "Missing handling that predates the change",
		"Handling is missing that the change touches but did not introduce: an unchecked error, a case not covered, a test that does not exist.",
		"A gap predates the change but lies in code it touches. Decide whether to close it in this change or track it; the finding's text says what is missing and where."},
	{"enhancement", "Enhancement", "Improvement the change could make",
		"Not a defect: a simplification, a clearer name, a cheaper way, a sturdier structure the change could adopt.",
		"An enhancement is optional. Adopt it when it makes the change clearer or cheaper to keep; the finding's text says what to change."},
	{"documentation", "Documentation", "Documentation that is wrong or missing",
		"A comment, document, help text or commit message that no longer matches the code, or documentation the change needs and lacks.",
		"Update the documentation the finding names so that it says what the code does."},
	{"other", "Finding", "Finding of a deepreview multi-agent code review",
		"A finding whose reviewers gave no kind, or a kind outside regression, gap, enhancement and documentation.",
		"Read the finding's text: it says what is wrong, where, and how to change it."},
}

// sarifRuleIndex maps a finding kind to its rule's index.
func sarifRuleIndex(kind string) int {
	for i, d := range sarifRuleDefs[:len(sarifRuleDefs)-1] {
		if d.kind == kind {
			return i
		}
	}
	return len(sarifRuleDefs) - 1
}

func sarifRules() []sarifRule {
	rules := make([]sarifRule, len(sarifRuleDefs))
	for i, d := range sarifRuleDefs {
		level := "warning"
		if d.kind == "enhancement" || d.kind == "documentation" {
			level = "note"
		}
		rules[i] = sarifRule{
			ID: "deepreview/" + d.kind, Name: d.name,
			ShortDescription:     sarifMessage{Text: d.short},
			FullDescription:      sarifMessage{Text: d.full},
			Help:                 sarifMessage{Text: d.help, Markdown: "**" + d.name + ".** " + d.help},
			DefaultConfiguration: sarifRuleConfig{Level: level},
			Properties:           sarifRuleTagProps{Tags: []string{"deepreview", "code-review", d.kind}},
		}
	}
	return rules
}

// SARIF writes r's findings as a SARIF 2.1.0 log without line hashes:
// code scanning's upload action computes them from its checkout.
func SARIF(w io.Writer, r *Report) error { return SARIFTree(w, r, nil) }

// SARIFTree writes r's findings as a SARIF 2.1.0 log for code scanning.
// tree is the reviewed checkout (os.DirFS of the worktree); from it each
// result's primaryLocationLineHash is computed the way GitHub's upload
// action computes it. A nil tree leaves the hashes to the action.
//
// One result per consolidated finding with a location, its rule the
// finding's kind, its level by severity, its baselineState by its round
// status; one suppressed result per dropped finding, with the reason.
func SARIFTree(w io.Writer, r *Report, tree fs.FS) error {
	hashes := newLineHasher(tree)
	prev := previousByNow(r.Previous)
	var run sarifRun
	props := &sarifRunProps{}
	for _, f := range r.Findings {
		res, ok := sarifFinding(f, prev)
		if !ok {
			props.Unlocated = append(props.Unlocated, f.ID)
			continue
		}
		suppressSkipped(&res, r.Resolution, f.ID)
		hashes.stamp(&res)
		run.Results = append(run.Results, res)
	}
	idx := newAppendixIndex(r.Appendix)
	for _, d := range r.Dropped {
		res, ok := sarifDropped(d, idx)
		if !ok {
			props.Unlocated = append(props.Unlocated, d.Agent+":"+d.ID)
			continue
		}
		hashes.stamp(&res)
		run.Results = append(run.Results, res)
	}
	for _, p := range r.Previous {
		if p.Status == "fixed" {
			props.Fixed = append(props.Fixed, p.ID)
		}
	}
	if len(props.Unlocated)+len(props.Fixed) > 0 {
		run.Properties = props
	}
	if run.Results == nil {
		run.Results = []sarifResult{}
	}
	v := toolVersion(r)
	run.Tool = sarifTool{Driver: sarifDriver{
		Name: "deepreview", Version: v.String(), SemanticVersion: v.Semantic(),
		InformationURI: "https://github.com/deepreview/deepreview",
		Rules:          sarifRules(),
	}}
	// "deepreview/<id>": code scanning's category is the part before the
	// last slash, the same for every review, so alerts carry over.
	run.AutomationDetails = sarifAutomation{ID: "deepreview/" + r.ID}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encode sarif of %s: %w", r.ID, err)
	}
	return nil
}

// toolVersion is the build that made the report when it says so, else
// this build.
func toolVersion(r *Report) sarifVersion {
	if r.ToolVersion != "" {
		return sarifVersion{s: r.ToolVersion, sem: version.Info{Version: r.ToolVersion}.Semantic()}
	}
	v := version.Get()
	return sarifVersion{s: v.String(), sem: v.Semantic()}
}

type sarifVersion struct{ s, sem string }

func (v sarifVersion) String() string   { return v.s }
func (v sarifVersion) Semantic() string { return v.sem }

// sarifFinding is the result of one consolidated finding; ok is false
// when it has no location to anchor it.
func sarifFinding(f Finding, prev map[string]PreviousFinding) (sarifResult, bool) {
	locs, related := sarifLocations(f.Locations)
	if len(locs) == 0 {
		return sarifResult{}, false
	}
	res := sarifResult{
		RuleID: "deepreview/" + sarifRuleDefs[sarifRuleIndex(f.Kind)].kind, RuleIndex: sarifRuleIndex(f.Kind),
		Level:            sarifLevel(f.Severity),
		Message:          sarifText(f.ID, f.Title, f.Body, f.Fix),
		Locations:        locs,
		RelatedLocations: related,
		BaselineState:    baselineState(f, prev),
		Properties: sarifProperties{
			ID: f.ID, Kind: f.Kind, Severity: string(f.Severity), Sources: sarifSources(f.Sources),
			Agents: orEmpty(f.Agents), LocationCheck: f.LocationCheck.Status, Status: f.Status, Fingerprint: f.Fingerprint,
		},
	}
	if f.Fingerprint != "" {
		res.PartialFingerprints = map[string]string{"deepreview/v1": f.Fingerprint}
	}
	return res, true
}

func sarifSources(ss []Source) []sarifSource {
	out := make([]sarifSource, len(ss))
	for i, s := range ss {
		out[i] = sarifSource{Agent: s.Agent, ID: s.ID, Severity: string(s.Severity)}
	}
	return out
}

// sarifText is a result's message: the id and title as text, the whole
// finding as Markdown.
func sarifText(id, title, body, fix string) sarifMessage {
	t := strings.TrimSpace(title)
	md := "**" + t + "**"
	for _, part := range []string{body, fix} {
		if p := strings.TrimSpace(part); p != "" && !strings.Contains(md, p) {
			md += "\n\n" + p
		}
	}
	return sarifMessage{Text: id + ". " + t, Markdown: md}
}

// sarifLocations turns a finding's locations into the primary location
// and related ones: code scanning shows only the first location of a
// result.
func sarifLocations(ls []finding.Location) (locs, related []sarifLocation) {
	for _, l := range ls {
		uri := sarifURI(l.Path)
		if uri == "" {
			continue
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: "%SRCROOT%"}}}
		if l.StartLine > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.StartLine, EndLine: max(l.EndLine, l.StartLine)}
		}
		if locs == nil {
			locs = []sarifLocation{loc}
			continue
		}
		loc.ID = len(related) + 1
		related = append(related, loc)
	}
	return locs, related
}

// sarifURI is a cited path as a relative URI reference: cleaned
// (finding.CleanPath) and percent-encoded where a path must be.
func sarifURI(p string) string {
	c := finding.CleanPath(p)
	if c == "" {
		return ""
	}
	return (&url.URL{Path: c}).EscapedPath()
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "error"
	case finding.Important:
		return "warning"
	}
	return "note"
}

// previousByNow indexes round N-1's findings by the id they have now.
func previousByNow(prev []PreviousFinding) map[string]PreviousFinding {
	out := make(map[string]PreviousFinding, len(prev))
	for _, p := range prev {
		if p.NowID != "" {
			out[p.NowID] = p
		}
	}
	return out
}

// baselineState maps a finding's round status to SARIF's: new, unchanged
// (open, and matched by the same fingerprint), updated (open, matched by
// path and title though its anchored line changed); none in round 1.
func baselineState(f Finding, prev map[string]PreviousFinding) string {
	switch f.Status {
	case "new":
		return "new"
	case "open":
		if p, ok := prev[f.ID]; ok && p.Fingerprint != "" && f.Fingerprint != "" && p.Fingerprint != f.Fingerprint {
			return "updated"
		}
		return "unchanged"
	}
	return ""
}

// sarifDropped is the suppressed result of a dropped finding: its agent's
// own finding (from the appendix), suppressed by consolidation with the
// drop's reason. ok is false when the finding has no location.
func sarifDropped(d Dropped, idx *appendixIndex) (sarifResult, bool) {
	f, ok := idx.find(d.Agent, d.ID)
	if !ok {
		return sarifResult{}, false
	}
	locs, related := sarifLocations(f.Locations)
	if len(locs) == 0 {
		return sarifResult{}, false
	}
	title := f.Title
	if title == "" {
		title = d.Title
	}
	return sarifResult{
		RuleID: "deepreview/" + sarifRuleDefs[sarifRuleIndex(f.Kind)].kind, RuleIndex: sarifRuleIndex(f.Kind),
		Level:            sarifLevel(f.Severity),
		Message:          sarifText(d.Agent+" "+d.ID, title, f.Body, ""),
		Locations:        locs,
		RelatedLocations: related,
		Suppressions:     []sarifSuppression{{Kind: "external", Status: "accepted", Justification: d.Reason}},
		Properties: sarifProperties{
			ID: d.Agent + ":" + d.ID, Kind: f.Kind, Severity: string(f.Severity),
			Sources: []sarifSource{{Agent: d.Agent, ID: d.ID, Severity: string(f.Severity)}},
			Agents:  []string{d.Agent}, Dropped: true,
		},
	}, true
}

// appendixIndex finds an agent's original finding in the report's
// appendix, parsing each agent's review once.
type appendixIndex struct {
	originals []Original
	parsed    map[string]*finding.Review
}

func newAppendixIndex(o []Original) *appendixIndex {
	return &appendixIndex{originals: o, parsed: map[string]*finding.Review{}}
}

// find returns the agent's finding with the id: "I1", or "I1~2" for the
// second of two findings an agent numbered alike.
func (x *appendixIndex) find(agent, id string) (finding.Finding, bool) {
	rv, ok := x.parsed[agent]
	if !ok {
		for _, o := range x.originals {
			if o.Agent == agent && o.Error == "" {
				rv, _ = finding.Parse(agent, []byte(o.Text))
				break
			}
		}
		x.parsed[agent] = rv
	}
	if rv == nil {
		return finding.Finding{}, false
	}
	base, nth := id, 1
	if b, n, cut := strings.Cut(id, "~"); cut {
		if _, err := fmt.Sscanf(n, "%d", &nth); err != nil {
			return finding.Finding{}, false
		}
		base = b
	}
	for _, f := range rv.Findings {
		if f.ID == base {
			if nth--; nth == 0 {
				return f, true
			}
		}
	}
	return finding.Finding{}, false
}

// primaryLocationLineHash, as GitHub's upload action computes it
// (github/codeql-action, src/fingerprints.ts): a rolling hash over the
// file's characters (UTF-16 code units of its UTF-8 text), spaces and
// tabs skipped, "\r\n" and "\r" read as "\n", a 65535 after the last
// one; the hash of a line is the hash of the 100 characters that start
// with it, in 64-bit arithmetic modulo 2^64 with base 37, written in hex
// and followed by ":n", n counting the lines with the same hash so far.
const (
	lineHashBlock = 100
	lineHashMod   = 37
	lineHashEOF   = 65535
	maxHashedFile = 8 << 20
)

// lineHasher hashes the files of a tree, each once.
type lineHasher struct {
	tree  fs.FS
	files map[string]map[int]string // path -> line -> hash; nil: not hashable
}

func newLineHasher(tree fs.FS) *lineHasher {
	return &lineHasher{tree: tree, files: map[string]map[int]string{}}
}

// stamp sets res's primaryLocationLineHash when its primary location has
// a line in a file of the tree.
func (h *lineHasher) stamp(res *sarifResult) {
	if h.tree == nil || len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.Region == nil {
		return
	}
	p := res.Locations[0].PhysicalLocation
	path, err := url.PathUnescape(p.ArtifactLocation.URI)
	if err != nil || !fs.ValidPath(path) {
		return
	}
	hashes, ok := h.files[path]
	if !ok {
		hashes = h.hashFile(path)
		h.files[path] = hashes
	}
	if v, ok := hashes[p.Region.StartLine]; ok {
		if res.PartialFingerprints == nil {
			res.PartialFingerprints = map[string]string{}
		}
		res.PartialFingerprints["primaryLocationLineHash"] = v
	}
}

// hashFile returns the line hashes of a file of the tree, or nil for a
// file that is missing, too large or binary.
func (h *lineHasher) hashFile(path string) map[int]string {
	fi, err := fs.Stat(h.tree, path)
	if err != nil || fi.IsDir() || fi.Size() > maxHashedFile {
		return nil
	}
	data, err := fs.ReadFile(h.tree, path)
	if err != nil || bytes.IndexByte(data, 0) >= 0 {
		return nil
	}
	out := map[int]string{}
	lineHashes(data, func(line int, hash string) { out[line] = hash })
	return out
}

// lineHashes calls emit with the hash of every line of content, in order.
func lineHashes(content []byte, emit func(line int, hash string)) {
	var (
		window     [lineHashBlock]uint64
		lineNumber [lineHashBlock]int
		hash       uint64
		index      int
		line       int
		lineStart  = true
		prevCR     bool
		counts     = map[uint64]int{}
	)
	firstMod := uint64(1)
	for range lineHashBlock {
		firstMod *= lineHashMod
	}
	for i := range lineNumber {
		lineNumber[i] = -1
	}
	output := func() {
		counts[hash]++
		emit(lineNumber[index], fmt.Sprintf("%x:%d", hash, counts[hash]))
		lineNumber[index] = -1
	}
	update := func(c uint64) {
		begin := window[index]
		window[index] = c
		hash = lineHashMod*hash + c - firstMod*begin
		index = (index + 1) % lineHashBlock
	}
	process := func(c uint64) {
		if c == ' ' || c == '\t' || prevCR && c == '\n' {
			prevCR = false
			return
		}
		prevCR = c == '\r'
		if prevCR {
			c = '\n'
		}
		if lineNumber[index] != -1 {
			output()
		}
		if lineStart {
			lineStart = false
			line++
			lineNumber[index] = line
		}
		if c == '\n' {
			lineStart = true
		}
		update(c)
	}
	for _, u := range utf16.Encode([]rune(string(content))) {
		process(uint64(u))
	}
	process(lineHashEOF)
	for range lineHashBlock {
		if lineNumber[index] != -1 {
			output()
		}
		update(0)
	}
}
