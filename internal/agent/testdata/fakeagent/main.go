// Command fakeagent stands in for an agent CLI in the runner's tests. It
// behaves as FAKE_MODE says, writing Claude Code stream-json lines like
// `claude -p --output-format stream-json --verbose` does.
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	mode := os.Getenv("FAKE_MODE")
	switch mode {
	case "review":
		prompt, _ := io.ReadAll(os.Stdin)
		argv, _ := json.Marshal(os.Args[1:])
		fmt.Fprintf(os.Stderr, "argv %s\n", argv)
		tools("Read", "Bash", "Read")
		result(fmt.Sprintf("## Summary\nprompt %d bytes sha256 %x\n", len(prompt), sha256.Sum256(prompt)))
	case "crash":
		emit(map[string]any{"type": "system", "subtype": "init"})
		fmt.Fprintln(os.Stderr, "fakeagent: boom")
		os.Exit(3)
	case "hang":
		emit(map[string]any{"type": "system", "subtype": "init"})
		tools("Read")
		time.Sleep(time.Hour)
	case "sleep":
		d, _ := time.ParseDuration(os.Getenv("FAKE_SLEEP"))
		time.Sleep(d)
		result("## Summary\nslept\n")
	case "bigline":
		tools("Bash")
		emit(map[string]any{"type": "user", "message": map[string]any{"content": []any{
			map[string]any{"type": "tool_result", "content": strings.Repeat("x", 3<<20)}}}})
		result("## Summary\nafter a big line\n")
	case "grandchild", "grandchild-hang":
		orphan()
		result("## Summary\nleft a child behind\n")
		if mode == "grandchild-hang" {
			signal.Ignore(syscall.SIGTERM)
			time.Sleep(time.Hour)
		}
	case "orphan":
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("orphan running")
		time.Sleep(time.Hour)
	case "garbage":
		fmt.Print("Loading...\n\x00\xff{not json\n[1,2,3]\n{\"type\":\"result\"")
	case "error":
		emit(map[string]any{"type": "result", "subtype": "success", "is_error": true, "result": "API Error: 401 invalid key"})
		os.Exit(1)
	case "command":
		prompt, _ := io.ReadAll(os.Stdin)
		fmt.Printf("## Summary\nA command agent read %d bytes.\n", len(prompt))
	case "env":
		result(strings.Join(os.Environ(), "\n"))
	default:
		fmt.Fprintf(os.Stderr, "fakeagent: unknown FAKE_MODE %q\n", mode)
		os.Exit(2)
	}
}

// orphan starts a copy of itself that ignores SIGTERM and keeps stdout.
func orphan() {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "FAKE_MODE=orphan")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
}

func tools(names ...string) {
	for i, n := range names {
		emit(map[string]any{"type": "assistant", "message": map[string]any{"content": []any{
			map[string]any{"type": "tool_use", "id": fmt.Sprintf("toolu_%d", i), "name": n}}}})
	}
}

func result(text string) {
	emit(map[string]any{"type": "result", "subtype": "success", "is_error": false, "duration_ms": 1234, "result": text})
}

func emit(v any) {
	b, _ := json.Marshal(v)
	os.Stdout.Write(append(b, '\n'))
}
