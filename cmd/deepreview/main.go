// Command deepreview gives one code change a deep review by several AI
// coding agents in parallel and consolidates their findings into one report.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/deepreview/deepreview/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.System())
	stop()
	os.Exit(code)
}
