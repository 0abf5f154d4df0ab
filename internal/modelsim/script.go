package modelsim

import (
	"bytes"
	"encoding/json"
	"time"
)

// Family names the model API a CLI speaks; each CLI uses its own, so the
// family is also the conversation a request belongs to.
type Family string

// The API families the server answers.
const (
	Anthropic Family = "anthropic" // Claude Code: /v1/messages
	OpenAI    Family = "openai"    // Codex: /v1/responses
	Gemini    Family = "gemini"    // Gemini CLI: /v1beta/models/M:streamGenerateContent
)

// Usage is what the server reports a response cost, in the normalised
// shape of transcript.Tokens: Input excludes cached input and Output
// excludes reasoning. Each family's wire fields are derived from it (see
// the family's file).
type Usage struct {
	Input      int64
	CacheRead  int64
	CacheWrite int64
	Output     int64
	Reasoning  int64
}

// Add returns the field-wise sum of u and v.
func (u Usage) Add(v Usage) Usage {
	return Usage{
		Input:      u.Input + v.Input,
		CacheRead:  u.CacheRead + v.CacheRead,
		CacheWrite: u.CacheWrite + v.CacheWrite,
		Output:     u.Output + v.Output,
		Reasoning:  u.Reasoning + v.Reasoning,
	}
}

// Step is one model response of a conversation: a tool call when Tool is
// set (Text, if any, is a preamble streamed before the call), otherwise a
// final text.
type Step struct {
	Tool  string          // tool name in the CLI's own vocabulary (Bash, exec_command, read_file, …)
	Input json.RawMessage // the tool's arguments, a JSON object
	Text  string
	Usage Usage
	// Echo appends to a final Text every tool result the conversation
	// holds, as a model steered into pasting what it saw would.
	Echo bool
}

// ToolStep returns a Step calling tool with input marshalled to JSON.
func ToolStep(tool string, input any, u Usage) Step {
	b, err := json.Marshal(input)
	if err != nil {
		// Inputs are literals written in tests; a bad one is a bug there.
		panic("modelsim: tool input: " + err.Error())
	}
	return Step{Tool: tool, Input: b, Usage: u}
}

// TextStep returns a final-text Step.
func TextStep(text string, u Usage) Step { return Step{Text: text, Usage: u} }

// EchoStep returns a final-text Step that pastes every tool result of the
// conversation after text.
func EchoStep(text string, u Usage) Step { return Step{Text: text, Usage: u, Echo: true} }

// FaultKind is a failure the server injects instead of a normal answer.
type FaultKind string

// The faults the server can inject.
const (
	NoFault     FaultKind = ""
	Status500   FaultKind = "500"     // HTTP 500 with the family's error body
	Status429   FaultKind = "429"     // HTTP 429 with retry-after
	Refusal     FaultKind = "refusal" // a well-formed response that refuses
	CutStream   FaultKind = "cut"     // start the stream, then drop the connection
	HangStream  FaultKind = "hang"    // start the stream, then stall until the client goes away
	Overloaded  FaultKind = "529"     // HTTP 529 (Anthropic's overloaded; 503 for the others)
	BadResponse FaultKind = "garbage" // HTTP 200 whose body is not the expected protocol
	StreamError FaultKind = "failed"  // the family's in-stream error (Anthropic error event, response.failed, an error chunk)
)

// Fault is a failure injected into a family's main conversation.
type Fault struct {
	Kind FaultKind
	// AtStep is the step index (tool results seen) at which the fault
	// applies; earlier steps are answered normally.
	AtStep int
	// Times is how many requests get the fault before the server answers
	// normally again; 0 means every request.
	Times int
	// RetryAfter is sent with Status429 (rounded up to whole seconds).
	RetryAfter time.Duration
}

// Script is what the server answers, per family. A family with no steps
// answers every turn with a short final text.
type Script struct {
	Anthropic []Step
	OpenAI    []Step
	Gemini    []Step
	Faults    map[Family]Fault
	// SideText answers side calls (titles, summaries, checks); a short
	// default is used when empty.
	SideText string
	// SideUsage is reported for side calls.
	SideUsage Usage
	// HangLimit bounds HangStream, so a client that never gives up cannot
	// hold the server forever; default one minute.
	HangLimit time.Duration
	// Routes answer the conversations whose requests contain a text with
	// steps of their own, before the family's: for a client that holds
	// several conversations at once (a consolidator deciding each agent's
	// findings in a call of its own).
	Routes []Route
}

// Route is the steps of the conversations of Family whose requests
// contain When.
type Route struct {
	Family Family
	When   string
	Steps  []Step
}

func (s Script) steps(f Family, body []byte) []Step {
	for _, r := range s.Routes {
		if r.Family == f && bytes.Contains(body, []byte(r.When)) {
			return r.Steps
		}
	}
	switch f {
	case Anthropic:
		return s.Anthropic
	case OpenAI:
		return s.OpenAI
	case Gemini:
		return s.Gemini
	}
	return nil
}

// refusalUsage is what a Refusal response reports: a refusal still costs
// its prompt.
func refusalUsage() Usage { return Usage{Input: 10, Output: 5} }

// usage is what the server reports for a faulted request: only a refusal
// is a complete response with usage.
func (f Fault) usage() Usage {
	if f.Kind == Refusal {
		return refusalUsage()
	}
	return Usage{}
}
