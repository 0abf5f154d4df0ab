package cluster

import "testing"

func TestConcernOf(t *testing.T) {
	for _, c := range []struct {
		title string
		want  concern
	}{
		{"`fetchSha512` comment hard-codes a line number", aboutDocs},
		{"`instance.DockerSocket()` docstring says \"for this instance\"", aboutDocs},
		{"No unit tests for `validateSubnet`", aboutTests},
		{"Missing test coverage for context probing logic", aboutTests},
		{"`probeNamedDockerContext` lacks coverage for the fallback", aboutTests},
		{"Inefficient JSON parsing on every webhook request", aboutCost},
		{"`reconcileContainerSpecs` runs a full List on every reconcile", aboutCost},
		{"Uppercase SHA512 digests are accepted but then fail comparison", aboutBehaviour},
		{"BATS tests use forbidden command substitution", aboutBehaviour},
		{"The new BATS test mutates the developer's real Docker config", aboutBehaviour},
	} {
		if got := concernOf(c.title); got != c.want {
			t.Errorf("concernOf(%q) = %d, want %d", c.title, got, c.want)
		}
	}
}
