package agent

import "github.com/deepreview/deepreview/internal/proc"

// Discover returns a default Spec for each agent CLI found in pathList (a
// PATH value, normally the one agents will get), in the order of CLIs.
func Discover(pathList string) []Spec {
	var specs []Spec
	for _, kind := range CLIs {
		if bin, err := proc.LookPath(kind, pathList); err == nil {
			specs = append(specs, Spec{Name: kind, Kind: kind, Command: []string{bin}})
		}
	}
	return specs
}
