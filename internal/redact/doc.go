// Package redact removes secrets from text before deepreview stores,
// prints or posts it: agents read the change and the machine, and what
// they saw (a key in a test fixture, a token in the environment a tool
// printed) must not reach report.md, a transcript or a public comment.
//
// Three classes are redacted, in this order:
//
//   - private_key: PEM private-key blocks ("-----BEGIN … PRIVATE
//     KEY-----" to the matching END, OpenSSH and PGP included), also when
//     their lines are JSON-escaped ("\n") inside a transcript line, and
//     the body of a block cut before its END;
//   - known_token: well-known token formats (GitHub, GitLab, AWS,
//     OpenAI, Anthropic, Google, Slack, Stripe, npm, PyPI, Hugging Face,
//     JWTs);
//   - env_value: the values of deepreview's own environment variables
//     whose names look secret (*_KEY, *_TOKEN, *_SECRET, *PASSWORD*,
//     and the names the configuration lists in secret_env), as they are
//     and JSON-escaped; values shorter than 8 bytes, paths and numbers are
//     left alone, since replacing them would wreck ordinary text.
//
// Each secret becomes "[REDACTED:<kind>]". Counts says how many of each
// class were found, never what they were; a private key or a known token
// format is Blocking: deepreview does not post such a report unless told
// to.
//
// A stream (Writer) is redacted line by line. A line longer than the
// Writer may hold is redacted in pieces, each cut where cutting changes
// nothing: the text on both sides of the cut, redacted apart, gives what
// it gives redacted together, so a secret is never split between two
// pieces (a cut at a space alone could split a private key's BEGIN line
// or a secret value with a space in it).
package redact
