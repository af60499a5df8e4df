package gitsource

import (
	"net/url"
	"os"

	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// auth is how to authenticate to url: the URL's own user and password
// for http(s) (go-git reads them from the URL too), the ssh agent for
// ssh when one runs, else nothing.
func auth(raw string) transport.AuthMethod {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	switch u.Scheme {
	case "https", "http":
		if p, ok := u.User.Password(); ok {
			return &http.BasicAuth{Username: u.User.Username(), Password: p}
		}
	case "ssh":
		if os.Getenv("SSH_AUTH_SOCK") == "" {
			return nil
		}
		user := u.User.Username()
		if user == "" {
			user = "git"
		}
		if a, err := ssh.NewSSHAgentAuth(user); err == nil {
			return a
		}
	}
	return nil
}
