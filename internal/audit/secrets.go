package audit

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/secrets"
)

// scan records the secrets of file p, written by layer n, whose first
// bytes are head.
func (fs *fileSystem) scan(n int, p string, head []byte) {
	add := func(sev Severity, msg string) {
		fs.secrets[p] = append(fs.secrets[p], len(fs.findings))
		fs.findings = append(fs.findings, Finding{Check: "secret", Severity: sev, Path: "/" + p, Layer: n, Message: msg})
	}
	if what, ok := secrets.Named(p); ok {
		add(High, "/"+p+" is "+what+": keep it out of the image (.dockerignore or .pykoignore) and pass secrets at run time")
	}
	for _, what := range secrets.Find(head) {
		add(Critical, fmt.Sprintf("/%s holds %s: remove it from the image and rotate it", p, what))
	}
}
