package report

import (
	"strings"
	"unicode"
)

// AgentName is how reports name an agent on its own: "claude" is
// "Claude", as in the retro headings "### [Claude]".
func AgentName(agent string) string {
	if agent == "" {
		return "Agent"
	}
	r := []rune(agent)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// Label names an agent with its model as the real reports do:
// ("claude", "claude-opus-4-6") is "Claude Opus 4.6", ("codex", "gpt-5.4")
// is "Codex GPT 5.4", ("gemini", "gemini-3.1-pro-preview") is
// "Gemini 3.1 Pro". A model already written for people ("Opus 4.6") is
// kept as it is.
func Label(agent, model string) string {
	name := AgentName(agent)
	m := PrettyModel(model)
	switch {
	case m == "":
		return name
	case strings.HasPrefix(strings.ToLower(m), strings.ToLower(name)):
		return m
	}
	return name + " " + m
}

// PrettyModel turns a model id into the words the reports use:
// "claude-opus-4-6" is "Claude Opus 4.6", "gpt-5.4" is "GPT 5.4". Date
// stamps and "preview"/"latest" tags are left out. A model containing a
// space or an upper-case letter is taken to be written for people already.
func PrettyModel(model string) string {
	model = strings.TrimSpace(model)
	if model == "" || strings.ContainsAny(model, " ") || strings.ToLower(model) != model {
		return model
	}
	var words []string
	number := false // the last word is a version number
	for _, tok := range strings.FieldsFunc(model, func(r rune) bool { return r == '-' || r == '_' || r == '/' }) {
		switch {
		case tok == "preview" || tok == "latest" || isDateStamp(tok):
			continue
		case isVersion(tok) && number && len(tok) <= 2:
			words[len(words)-1] += "." + tok
			continue
		}
		number = isVersion(tok)
		words = append(words, prettyWord(tok))
	}
	return strings.Join(words, " ")
}

func prettyWord(w string) string {
	switch w {
	case "gpt", "glm", "qwq":
		return strings.ToUpper(w)
	}
	r := []rune(w)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// isVersion reports whether w is a version like "4", "5.4" or "3.1".
func isVersion(w string) bool {
	if w == "" || w[0] == '.' || w[len(w)-1] == '.' {
		return false
	}
	for _, r := range w {
		if r != '.' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// isDateStamp reports whether w looks like 20250929.
func isDateStamp(w string) bool {
	return len(w) == 8 && isVersion(w) && !strings.Contains(w, ".")
}
