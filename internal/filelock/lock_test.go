package filelock

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestLock runs 20 goroutines that each read a counter file, wait, and
// write it back plus one, under the lock: none of the increments is lost.
// Without the lock most would be.
func TestLock(t *testing.T) {
	for _, locked := range []bool{false, true} {
		t.Run(map[bool]string{false: "without", true: "with"}[locked], func(t *testing.T) {
			dir := t.TempDir()
			counter := filepath.Join(dir, "n")
			os.WriteFile(counter, []byte("0"), 0o600)
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if locked {
						unlock, err := Lock(t.Context(), filepath.Join(dir, "lock"))
						if err != nil {
							t.Error(err)
							return
						}
						defer unlock()
					}
					b, _ := os.ReadFile(counter)
					n, _ := strconv.Atoi(string(b))
					time.Sleep(2 * time.Millisecond)
					os.WriteFile(counter, []byte(strconv.Itoa(n+1)), 0o600)
				})
			}
			wg.Wait()
			b, _ := os.ReadFile(counter)
			if got := string(b); (got == "20") != locked {
				t.Errorf("counter %s after 20 increments (locked: %v)", got, locked)
			}
		})
	}
}

// TestLockOtherProcess: a lock held by another process makes Lock wait
// until ctx ends; the holder's death frees it.
func TestLockOtherProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses flock(1)")
	}
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("needs flock(1)")
	}
	path := filepath.Join(t.TempDir(), "lock")
	holder := exec.Command("flock", "-o", path, "sleep", "1000") // -o: sleep does not inherit the lock
	holder.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(-holder.Process.Pid, syscall.SIGKILL) // and its sleep
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		unlock, err := Lock(ctx, path)
		cancel()
		if err != nil {
			break // held by the other process
		}
		unlock()
		if time.Now().After(deadline) {
			t.Fatal("flock(1) never took the lock")
		}
	}
	syscall.Kill(-holder.Process.Pid, syscall.SIGKILL)
	holder.Wait()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	unlock, err := Lock(ctx, path)
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	unlock()
}
