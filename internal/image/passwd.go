package image

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/passwd"
)

// Account is the user an image runs as.
type Account struct {
	Name     string
	UID, GID int
	Home     string
}

// Nonroot is pyko's default run-as user, the same as Chainguard's and
// distroless's.
var Nonroot = Account{Name: "nonroot", UID: 65532, GID: 65532, Home: "/home/nonroot"}

// ParseUser reads --user: "UID", "UID:GID" or a name that the base's
// /etc/passwd must know.
func ParseUser(s string, facts *Facts) (Account, error) {
	if s == "" {
		return Nonroot, nil
	}
	u, g, hasGroup := strings.Cut(s, ":")
	uid, err := strconv.Atoi(u)
	if err != nil {
		a, ok := findUser(facts.Passwd, u)
		if !ok || hasGroup {
			return Account{}, fmt.Errorf("user %q: use a numeric UID[:GID] or a user that the base image's /etc/passwd lists", s)
		}
		return a, nil
	}
	gid := uid
	if hasGroup {
		if gid, err = strconv.Atoi(g); err != nil || gid < 0 {
			return Account{}, fmt.Errorf("user %q: the group must be a number", s)
		}
	}
	if uid < 0 {
		return Account{}, fmt.Errorf("user %q: the UID must not be negative", s)
	}
	return Account{Name: "nonroot", UID: uid, GID: gid, Home: "/home/nonroot"}, nil
}

// String is the config's User field, always numeric so that runtimes can
// check "runAsNonRoot" without reading /etc/passwd.
func (a Account) String() string { return fmt.Sprintf("%d:%d", a.UID, a.GID) }

// Accounts returns /etc/passwd and /etc/group with a for the run-as user
// added, and whether anything changed. The base's lines are kept as they
// are; a user is added unless its UID is taken, a group unless its GID is
// (names are not compared).
func Accounts(facts *Facts, a Account) (passwdFile, groupFile []byte, changed bool) {
	users, groups := passwd.ParsePasswd(facts.Passwd), passwd.ParseGroup(facts.Group)
	if _, ok := users.ByID(a.UID); !ok {
		users.Add(passwd.User{Name: a.Name, Password: "x", UID: a.UID, GID: a.GID, Home: a.Home, Shell: "/sbin/nologin"})
		changed = true
	}
	if _, ok := groups.ByID(a.GID); !ok {
		groups.Add(passwd.Group{Name: a.Name, Password: "x", GID: a.GID})
		changed = true
	}
	return users.Bytes(), groups.Bytes(), changed
}

// findUser returns the account of the first /etc/passwd entry named name.
func findUser(passwdFile []byte, name string) (Account, bool) {
	u, ok := passwd.ParsePasswd(passwdFile).ByName(name)
	return Account{Name: u.Name, UID: u.UID, GID: u.GID, Home: u.Home}, ok
}
