package sandbox

import (
	"os"
	"os/exec"
	"testing"
)

// BenchmarkTrue measures what the launcher adds to starting a program:
// /bin/true run plainly, and through Command under Base().
func BenchmarkTrue(b *testing.B) {
	if s := Probe(); !s.Available() {
		b.Skipf("no sandbox here: %s", s)
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	confined, err := Command(self, Base(), []string{"/bin/true"})
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		argv []string
	}{{"plain", []string{"/bin/true"}}, {"sandboxed", confined}} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if out, err := exec.Command(bm.argv[0], bm.argv[1:]...).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}
