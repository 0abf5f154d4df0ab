package sandbox

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMode(t *testing.T) {
	for _, s := range []string{"auto", "require", "off"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"", "on", "AUTO", "required"} {
		_, err := ParseMode(s)
		if err == nil || !strings.Contains(err.Error(), `"`+s+`"`) || !strings.Contains(err.Error(), "auto, require or off") {
			t.Errorf("ParseMode(%q) = %v", s, err)
		}
	}
}

func TestModeUse(t *testing.T) {
	yes := Status{Mechanism: "landlock", Version: 7}
	no := Status{Reason: "kernel built without landlock"}
	tests := []struct {
		m       Mode
		s       Status
		use     bool
		unavail bool
	}{
		{Auto, yes, true, false}, {Auto, no, false, false},
		{Require, yes, true, false}, {Require, no, false, true},
		{Off, yes, false, false}, {Off, no, false, false},
	}
	for _, tt := range tests {
		use, err := tt.m.Use(tt.s)
		if use != tt.use || errors.Is(err, ErrUnavailable) != tt.unavail || (err != nil) != tt.unavail {
			t.Errorf("%s.Use(%s) = %v, %v", tt.m, tt.s, use, err)
		}
	}
	if _, err := Mode("bogus").Use(yes); err == nil {
		t.Error("a bogus mode was accepted")
	}
}

func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{
		{Mechanism: "landlock", Version: 7}: "landlock ABI 7",
		{Mechanism: "seatbelt"}:             "seatbelt (sandbox-exec)",
		{Reason: "no sandbox on plan9"}:     "none: no sandbox on plan9",
	} {
		if got := s.String(); got != want || s.Available() != (s.Mechanism != "") {
			t.Errorf("%#v: %q, want %q", s, got, want)
		}
	}
}

func TestUnprotectedShrinksWithTheABI(t *testing.T) {
	none := Status{Reason: "x"}.Unprotected()
	v5 := Status{Mechanism: "landlock", Version: 5}.Unprotected()
	v7 := Status{Mechanism: "landlock", Version: 7}.Unprotected()
	v9 := Status{Mechanism: "landlock", Version: 9}.Unprotected()
	if len(none) != 1 || !strings.HasPrefix(none[0], "everything") {
		t.Errorf("no sandbox: %q", none)
	}
	if !(len(v5) > len(v7) && len(v7) > len(v9)) {
		t.Errorf("want fewer gaps with newer ABIs: %d %d %d", len(v5), len(v7), len(v9))
	}
	if !strings.Contains(strings.Join(v7, "\n"), "SSH_AUTH_SOCK") || strings.Contains(strings.Join(v9, "\n"), "SSH_AUTH_SOCK") {
		t.Errorf("ABI 7 leaves pathname sockets open, ABI 9 does not: %q / %q", v7, v9)
	}
}
