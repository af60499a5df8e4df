// Package secrets recognises credentials: by what a file is (a .env, an
// SSH key, a .netrc) and by what it holds (a private key, an AWS access
// key ID, a GitHub or Slack token). pyko keeps such files out of /app by
// default, and pyko audit looks for them in every layer.
package secrets

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// patterns are contents that are credentials wherever they are.
var patterns = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a private key", regexp.MustCompile(`-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----`)},
	{"an AWS access key ID", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36}\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abprs]-[0-9A-Za-z-]{10,}\b`)},
}

// MaxScanned is how much of a file Find needs: the callers read at most
// this many bytes.
const MaxScanned = 1 << 20

// Find says which kinds of secret content holds ("a private key").
func Find(content []byte) []string {
	var out []string
	for _, p := range patterns {
		if p.re.Match(content) {
			out = append(out, p.what)
		}
	}
	return out
}

// Named says what secret-holding file p (slash-separated) is by its
// name: "" and false for other files. Examples (.env.example, .sample,
// .template, .dist) are not secrets.
func Named(p string) (string, bool) {
	base := path.Base(p)
	switch {
	case base == ".env" || (strings.HasPrefix(base, ".env.") && !example(base)):
		return "an environment file (.env), where secrets are kept", true
	case base == ".netrc" || base == ".pypirc" || base == ".git-credentials":
		return "a credentials file (" + base + ")", true
	case strings.HasSuffix(p, "/.aws/credentials") || p == ".aws/credentials":
		return "AWS credentials", true
	case !strings.HasSuffix(base, ".pub") && slices.Contains([]string{"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}, strings.SplitN(base, ".", 2)[0]):
		return "an SSH private key file", true
	}
	return "", false
}

// example reports whether a .env file's name says it is an example.
func example(base string) bool {
	for _, s := range []string{".example", ".sample", ".template", ".dist"} {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	return false
}
