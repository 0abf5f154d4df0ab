package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// Fake secrets, built at run time so that no token-shaped string sits in
// the repository.
var (
	ghToken     = "ghp_" + strings.Repeat("a1B2", 9)
	ghPAT       = "github_pat_" + strings.Repeat("Ab1_", 20)
	awsID       = "AKIA" + strings.Repeat("Q7", 8)
	awsSecret   = strings.Repeat("wJalrXUtnF/K7MDENG+b", 2)
	openaiKey   = "sk-proj-" + strings.Repeat("Ab3dE", 10)
	anthropic   = "sk-ant-api03-" + strings.Repeat("xY9_-", 20)
	googleKey   = "AIza" + strings.Repeat("Sy1", 11) + "ab"
	slackToken  = "xoxb-" + strings.Repeat("1234567890", 2) + "-abcdef"
	stripeKey   = "sk_live_" + strings.Repeat("4eC39HqLyjWDarjtT1zdp7dc", 1)
	jwt         = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	keyBody     = strings.Repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 2)
	opensshKey  = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyBody + "\n" + keyBody + "\n-----END OPENSSH PRIVATE KEY-----"
	rsaKey      = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n" + keyBody + "\n-----END RSA PRIVATE KEY-----"
	envToken    = "s3cr3t-Value-from-env"
	quotedValue = `pa"ss\word-123`
)

func environ() []string {
	return []string{"HOME=/home/me", "MY_SERVICE_TOKEN=" + envToken, "DB_PASSWORD=" + quotedValue,
		"SHORT_KEY=abc", "SSH_KEY=/home/me/.ssh/id_ed25519", "PORT_SECRET=12345678", "CUSTOM=custom-secret-1", "PATH=/usr/bin"}
}

func TestString(t *testing.T) {
	r := New(environ(), []string{"custom"})
	tests := []struct {
		name, in string
		secret   string
		want     Counts
		mark     string
	}{
		{"github", "token: " + ghToken + " done", ghToken, Counts{KnownToken: 1}, "[REDACTED:github-token]"},
		{"github pat", "export GH_TOKEN=" + ghPAT, ghPAT, Counts{KnownToken: 1}, "[REDACTED:github-token]"},
		{"aws id", "id=" + awsID + ".", awsID, Counts{KnownToken: 1}, "[REDACTED:aws-access-key-id]"},
		{"aws secret", "aws_secret_access_key = " + awsSecret + "\n", awsSecret, Counts{KnownToken: 1}, "aws_secret_access_key = [REDACTED:aws-secret-key]"},
		{"aws secret json", `{\"AWS_SECRET_ACCESS_KEY\": \"` + awsSecret + `\"}`, awsSecret, Counts{KnownToken: 1}, "[REDACTED:aws-secret-key]"},
		{"openai", "OPENAI=" + openaiKey, openaiKey, Counts{KnownToken: 1}, "[REDACTED:openai-key]"},
		{"anthropic", "key " + anthropic, anthropic, Counts{KnownToken: 1}, "[REDACTED:anthropic-key]"},
		{"google", "k=" + googleKey, googleKey, Counts{KnownToken: 1}, "[REDACTED:google-api-key]"},
		{"slack", "slack " + slackToken, slackToken, Counts{KnownToken: 1}, "[REDACTED:slack-token]"},
		{"stripe", "stripe " + stripeKey, stripeKey, Counts{KnownToken: 1}, "[REDACTED:stripe-key]"},
		{"jwt", "Authorization: Bearer " + jwt, jwt, Counts{KnownToken: 1}, "[REDACTED:jwt]"},
		{"after a JSON newline", `"output":"line\n` + ghToken + `\nnext"`, ghToken, Counts{KnownToken: 1}, `line\n[REDACTED:github-token]\nnext`},
		{"openssh key", "cat ~/.ssh/id:\n" + opensshKey + "\nafter", keyBody, Counts{PrivateKey: 1}, "cat ~/.ssh/id:\n[REDACTED:private-key]\nafter"},
		{"encrypted rsa key", rsaKey, keyBody, Counts{PrivateKey: 1}, "[REDACTED:private-key]"},
		{"key in a JSON string", jsonString(opensshKey + "\n"), keyBody, Counts{PrivateKey: 1}, `"[REDACTED:private-key]\n"`},
		{"key in JSON in JSON", jsonString(jsonString(opensshKey)), keyBody, Counts{PrivateKey: 1}, `[REDACTED:private-key]`},
		{"indented key", "key: |\n    " + strings.ReplaceAll(opensshKey, "\n", "\n    ") + "\nnext: 1", keyBody, Counts{PrivateKey: 1}, "key: |\n    [REDACTED:private-key]\nnext: 1"},
		{"key cut before END", "-----BEGIN PRIVATE KEY-----\n" + keyBody + "\n" + keyBody[:20], keyBody[:20], Counts{PrivateKey: 1}, "[REDACTED:private-key]"},
		{"two keys", opensshKey + " and " + opensshKey, keyBody, Counts{PrivateKey: 2}, "[REDACTED:private-key] and [REDACTED:private-key]"},
		{"env value", "the service said " + envToken + "!", envToken, Counts{EnvValue: 1}, "said [REDACTED:env-value]!"},
		{"env value json-escaped", jsonString("pw " + quotedValue), `pa\"ss\\word`, Counts{EnvValue: 1}, `"pw [REDACTED:env-value]"`},
		{"env value raw", "pw " + quotedValue, quotedValue, Counts{EnvValue: 1}, "pw [REDACTED:env-value]"},
		{"secret_env name", "x custom-secret-1 y", "custom-secret-1", Counts{EnvValue: 1}, "x [REDACTED:env-value] y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The attack: without redaction the secret is in the text.
			if !strings.Contains(tt.in, tt.secret) {
				t.Fatalf("the input lacks the secret %q", tt.secret)
			}
			got, c := r.String(tt.in)
			if strings.Contains(got, tt.secret) || c != tt.want || !strings.Contains(got, tt.mark) {
				t.Errorf("String(%q)\n = %q, %+v\nwant no %q, %+v, and %q", tt.in, got, c, tt.secret, tt.want, tt.mark)
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestStringLeaves checks text that only looks like a secret.
func TestStringLeaves(t *testing.T) {
	r := New(environ(), nil)
	for _, s := range []string{
		"use sk-learn-preprocessing-pipeline-for-everything here",
		"the task-scheduler-with-a-very-long-hyphenated-name",
		"AKIA" + strings.Repeat("Q7", 8) + "MORE is longer than a key id",
		"xghp_" + strings.Repeat("a1B2", 9),
		"abc and 12345678 and /home/me/.ssh/id_ed25519",
		"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
		"a private key is what -----BEGIN PRIVATE KEY----- starts",
	} {
		got, c := r.String(s)
		if strings.Contains(s, "starts") {
			if c.PrivateKey != 1 || !strings.HasSuffix(got, " starts") {
				t.Errorf("String(%q) = %q, %+v: want the BEGIN line alone redacted", s, got, c)
			}
			continue
		}
		if got != s || c.Total() != 0 {
			t.Errorf("String(%q) = %q, %+v: want it unchanged", s, got, c)
		}
	}
}

func TestCounts(t *testing.T) {
	var c Counts
	c.Add(Counts{EnvValue: 2})
	if c.Blocking() || c.Total() != 2 {
		t.Errorf("%+v: env values alone do not block", c)
	}
	c.Add(Counts{KnownToken: 1})
	if !c.Blocking() || c.Total() != 3 {
		t.Errorf("%+v: a known token blocks", c)
	}
	if !(Counts{PrivateKey: 1}).Blocking() {
		t.Error("a private key blocks")
	}
}

func TestNilRedactor(t *testing.T) {
	var r *Redactor
	got, c := r.String("t " + ghToken + " " + envToken)
	if c != (Counts{KnownToken: 1}) || !strings.Contains(got, envToken) {
		t.Errorf("nil redactor: %q %+v", got, c)
	}
}

// writeAll writes s to a fresh Writer in pieces of n bytes.
func writeAll(t testing.TB, r *Redactor, s string, n int, max int) (string, Counts) {
	var out bytes.Buffer
	w := r.Writer(&out)
	if max > 0 {
		w.max = max
	}
	for i := 0; i < len(s); i += n {
		if _, err := w.Write([]byte(s[i:min(len(s), i+n)])); err != nil {
			t.Fatal(err)
		}
		if len(w.pending) > w.max {
			t.Fatalf("holds %d bytes, more than %d", len(w.pending), w.max)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String(), w.Counts()
}

func TestWriter(t *testing.T) {
	r := New(environ(), nil)
	transcript := strings.Join([]string{
		`{"type":"tool_result","content":` + jsonString("$ cat id\n"+opensshKey+"\n") + `}`,
		`{"type":"text","text":"token ` + ghToken + ` and ` + envToken + `"}`,
		"stderr line with " + opensshKey + " inline",
		"raw key follows:",
		opensshKey,
		"after the key",
		"no newline at the end " + awsID,
	}, "\n")
	want := strings.Join([]string{
		`{"type":"tool_result","content":"$ cat id\n[REDACTED:private-key]\n"}`,
		`{"type":"text","text":"token [REDACTED:github-token] and [REDACTED:env-value]"}`,
		"stderr line with [REDACTED:private-key] inline",
		"raw key follows:",
		"[REDACTED:private-key]",
		"after the key",
		"no newline at the end [REDACTED:aws-access-key-id]",
	}, "\n")
	for _, n := range []int{1, 7, 100, len(transcript)} {
		got, c := writeAll(t, r, transcript, n, 0)
		if got != want || c != (Counts{PrivateKey: 3, KnownToken: 2, EnvValue: 1}) {
			t.Errorf("pieces of %d:\n%s\n%+v\nwant\n%s", n, got, c, want)
		}
	}
	// The JSON lines are still JSON.
	for _, l := range strings.Split(want, "\n")[:2] {
		if !json.Valid([]byte(l)) {
			t.Errorf("not JSON: %s", l)
		}
	}
}

// TestWriterNoNewline streams 1 MB without a line break through a Writer
// that may hold 4 KiB: memory stays bounded and every token, cut at a
// space, is still found.
func TestWriterNoNewline(t *testing.T) {
	var b strings.Builder
	for b.Len() < 1<<20 {
		fmt.Fprintf(&b, "word %s word ", ghToken)
	}
	got, c := writeAll(t, nil, b.String(), 64<<10, 4<<10)
	if strings.Contains(got, ghToken) || c.KnownToken != strings.Count(b.String(), ghToken) {
		t.Errorf("%d tokens redacted of %d", c.KnownToken, strings.Count(b.String(), ghToken))
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestWriterError(t *testing.T) {
	w := New(nil, nil).Writer(failWriter{})
	if _, err := w.Write([]byte("line\n")); err == nil || w.Close() == nil {
		t.Error("want the underlying writer's error")
	}
}

func FuzzString(f *testing.F) {
	f.Add("x " + opensshKey + " y")
	f.Add(jsonString(rsaKey))
	f.Add("-----BEGIN PRIVATE KEY-----\\\\n" + keyBody)
	f.Add("aws_secret_access_key: " + awsSecret)
	r := New(environ(), nil)
	f.Fuzz(func(t *testing.T, s string) {
		// A token planted anywhere is never left: redacted on its own,
		// or inside a private-key block that s opens around it.
		planted := s + " " + ghToken + " " + s
		got, c := r.String(planted)
		if strings.Contains(got, ghToken) || c.KnownToken+c.PrivateKey == 0 {
			t.Fatalf("String(%q) = %q keeps the token", planted, got)
		}
		// Redacting again finds nothing more.
		again, c2 := r.String(got)
		if c2.KnownToken+c2.PrivateKey != 0 {
			t.Fatalf("String twice: %q then %q (%+v)", got, again, c2)
		}
		// How a stream is cut into writes changes nothing.
		one, c1 := writeAll(t, r, s, len(s)+1, 0)
		bytewise, cb := writeAll(t, r, s, 1, 0)
		if one != bytewise || c1 != cb {
			t.Fatalf("Writer(%q): %q %+v whole, %q %+v byte by byte", s, one, c1, bytewise, cb)
		}
	})
}

// BenchmarkString redacts a 1 MB review (a real report, repeated) with
// a token in it.
func BenchmarkString(b *testing.B) {
	data, err := os.ReadFile("testdata/review.md")
	if err != nil {
		b.Fatal(err)
	}
	var s strings.Builder
	for s.Len() < 1<<20 {
		s.Write(data)
	}
	text := s.String()[:1<<20] + " " + ghToken
	r := New(environ(), nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, c := r.String(text); c.KnownToken != 1 {
			b.Fatalf("%+v", c)
		}
	}
}

// TestWriterStraddle streams one line longer than the Writer may hold,
// with a secret at every offset around where the first piece must be
// cut: a private key (its BEGIN line has spaces, where the old rule cut),
// an environment value with a space in it, and a token in a run without
// separators. Each is redacted as it is in one piece.
func TestWriterStraddle(t *testing.T) {
	const maxHeld = 4 << 10
	env := []string{"DB_PASSWORD=correct horse battery"}
	r := New(env, nil)
	secrets := map[string]string{
		"key":   jsonString(opensshKey)[1:],
		"value": "correct horse battery",
		"token": ghToken,
	}
	for name, secret := range secrets {
		leaks := 0
		for at := max(0, maxHeld-len(secret)-200); at < maxHeld+50; at += 7 {
			pad := strings.Repeat("a ", at/2+1)[:at]
			if name == "token" {
				pad = strings.Repeat(";", at) // no separator to cut at
			}
			line := pad + secret + " " + strings.Repeat("z ", maxHeld)
			got, _ := writeAll(t, r, line, 512, maxHeld)
			whole, _ := r.String(line)
			if got != whole {
				leaks++
				if leaks == 1 {
					t.Errorf("%s at %d: streamed output differs from the whole line's", name, at)
				}
			}
		}
		if leaks > 0 {
			t.Errorf("%s: %d offsets differ", name, leaks)
		}
	}
}

// TestSeparatorCutSplitsKey shows what TestWriterStraddle guards
// against: cutting at the last space, as the Writer did, can fall in a
// private key's BEGIN line, and the two pieces redacted apart leave the
// key's body in the clear; safeCut refuses that cut.
func TestSeparatorCutSplitsKey(t *testing.T) {
	r := New(nil, nil)
	w := r.Writer(io.Discard)
	b := []byte("text " + jsonString(opensshKey)[1:] + " more")
	cut := strings.Index(string(b), "PRIVATE KEY-----") // in the BEGIN line, after its space
	before, _ := r.String(string(b[:cut]))
	after, _ := r.String(string(b[cut:]))
	if !strings.Contains(before+after, keyBody) {
		t.Fatalf("the key survives a cut in its BEGIN line: %q", before+after)
	}
	if w.safeCut(b, cut, len(b)) {
		t.Error("safeCut takes a cut inside a key's BEGIN line")
	}
}

// BenchmarkWriterOneLine streams 64 MiB without a line break (words and
// a token now and then) through a Writer at its real bound, so that
// every 16 MiB a cut is chosen.
func BenchmarkWriterOneLine(b *testing.B) {
	var s strings.Builder
	for s.Len() < 64<<20 {
		fmt.Fprintf(&s, "word word %s word, \"quoted\" ", ghToken)
	}
	data := []byte(s.String())
	r := New(environ(), nil)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		w := r.Writer(io.Discard)
		for i := 0; i < len(data); i += 64 << 10 {
			if _, err := w.Write(data[i:min(len(data), i+64<<10)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
