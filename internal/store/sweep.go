package store

import (
	"fmt"
	"os"
)

// Sweep marks Abandoned the running reviews whose owner, a deepreview on
// this host, has died: killed with SIGKILL, or gone with the machine.
// Reviews of other hosts (a store on a shared disk) and those written
// before owners were recorded are left alone. It reads every review's
// meta.json, a small file, so it is cheap enough for every start. It
// returns the ids it marked.
func (s *Store) Sweep() ([]string, error) {
	entries, err := s.List(Key{})
	if err != nil {
		return nil, err
	}
	host := hostname()
	var marked []string
	for _, e := range entries {
		if e.State != Running || e.Owner == nil || e.Host != host || e.Owner.Alive() {
			continue
		}
		r := &Review{Entry: e, Dir: s.reviewDir(e.ID)}
		r.State = Abandoned
		r.giveBackRound()
		r.Error = fmt.Sprintf("deepreview (pid %d) ended before the review did", e.Owner.PID)
		if err := r.saveMeta(); err != nil {
			return marked, err
		}
		marked = append(marked, e.ID)
	}
	return marked, nil
}

// hostname names this machine in the owner records; "" if unknown.
func hostname() string {
	h, _ := os.Hostname()
	return h
}
