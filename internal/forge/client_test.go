package forge

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAPIMessage: a REST error's message reaches the terminal and the
// store on one line, without control characters, bounded.
func TestAPIMessage(t *testing.T) {
	hostile := "Not Found\x1b]52;c;ZWNobyBwd25lZA==\x07\n\x1b[2J" + strings.Repeat("x", 10000)
	msg, _ := json.Marshal(hostile)
	body := `{"message":` + string(msg) + `}`
	// Without the cleaning, the message is what GitHub's JSON decodes to:
	// an OSC 52 clipboard write and a screen clear, 10 KB long.
	var raw struct{ Message string }
	if json.Unmarshal([]byte(body), &raw) != nil || !strings.Contains(raw.Message, "\x1b]52;") || len(raw.Message) <= maxServerText {
		t.Fatal("the decoded message carries no escape or is short: the test shows nothing")
	}
	got := apiMessage([]byte(body))
	if strings.ContainsAny(got, "\x1b\x07\n") || len(got) > maxServerText+len("…") || !strings.HasPrefix(got, "Not Found") {
		t.Errorf("apiMessage = %.120q (%d bytes)", got, len(got))
	}
	if got := apiMessage([]byte("<html>\x1b[2J" + strings.Repeat("y", 500))); strings.Contains(got, "\x1b") || len(got) > maxServerText+len("…") {
		t.Errorf("a body that is not JSON: %.120q", got)
	}
}
