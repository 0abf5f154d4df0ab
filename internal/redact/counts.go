package redact

// Counts is how many secrets of each class were redacted.
type Counts struct {
	PrivateKey int `json:"private_key"`
	KnownToken int `json:"known_token"`
	EnvValue   int `json:"env_value"`
}

// Total is the number of redactions.
func (c Counts) Total() int { return c.PrivateKey + c.KnownToken + c.EnvValue }

// Blocking reports whether a private key or a known token format was
// found: text that held one is not posted without an explicit override.
func (c Counts) Blocking() bool { return c.PrivateKey > 0 || c.KnownToken > 0 }

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.PrivateKey += o.PrivateKey
	c.KnownToken += o.KnownToken
	c.EnvValue += o.EnvValue
}
