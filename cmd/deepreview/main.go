// Command deepreview gives one code change a deep review by several AI
// coding agents in parallel and consolidates their findings into one report.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/deepreview/deepreview/internal/cli"
	"github.com/deepreview/deepreview/internal/proc"
)

func main() {
	// Agents' grandchildren that leave their process group are re-parented
	// here rather than to init, so they can be found and killed. Best
	// effort: without it (not Linux, or a kernel that refuses) they are
	// still killed while they hold an agent's output.
	_ = proc.BecomeSubreaper()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.System())
	stop()
	proc.KillOrphans()
	os.Exit(code)
}
