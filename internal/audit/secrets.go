package audit

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// secretPatterns are contents that are credentials wherever they are.
var secretPatterns = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a private key", regexp.MustCompile(`-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----`)},
	{"an AWS access key ID", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a GitHub token", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36}\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abprs]-[0-9A-Za-z-]{10,}\b`)},
}

// secretNames are files that hold credentials by what they are.
func secretName(p string) (string, bool) {
	base := path.Base(p)
	switch {
	case base == ".env" || (strings.HasPrefix(base, ".env.") && !exampleEnv(base)):
		return "an environment file (.env), where secrets are kept", true
	case base == ".netrc" || base == ".pypirc" || base == ".git-credentials":
		return "a credentials file (" + base + ")", true
	case strings.HasSuffix(p, "/.aws/credentials") || p == ".aws/credentials":
		return "AWS credentials", true
	case strings.HasPrefix(base, "id_") && !strings.HasSuffix(base, ".pub") && slicesContains([]string{"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}, strings.SplitN(base, ".", 2)[0]):
		return "an SSH private key file", true
	}
	return "", false
}

func exampleEnv(base string) bool {
	for _, s := range []string{".example", ".sample", ".template", ".dist"} {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	return false
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scan records the secrets of file p, written by layer n, whose first
// bytes are head.
func (fs *fileSystem) scan(n int, p string, head []byte) {
	add := func(sev Severity, msg string) {
		fs.secrets[p] = append(fs.secrets[p], len(fs.findings))
		fs.findings = append(fs.findings, Finding{Check: "secret", Severity: sev, Path: "/" + p, Layer: n, Message: msg})
	}
	if what, ok := secretName(p); ok {
		add(High, "/"+p+" is "+what+": keep it out of the image (.dockerignore or .pykoignore) and pass secrets at run time")
	}
	for _, s := range secretPatterns {
		if s.re.Match(head) {
			add(Critical, fmt.Sprintf("/%s holds %s: remove it from the image and rotate it", p, s.what))
		}
	}
}
