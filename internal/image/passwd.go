package image

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
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
// added, and whether anything changed. The base's lines are kept as they are.
func Accounts(facts *Facts, a Account) (passwd, group []byte, changed bool) {
	passwd, group = facts.Passwd, facts.Group
	if _, ok := findUID(passwd, a.UID); !ok {
		passwd = appendLine(passwd, fmt.Sprintf("%s:x:%d:%d::%s:/sbin/nologin", a.Name, a.UID, a.GID, a.Home))
		changed = true
	}
	if !hasGID(group, a.GID) {
		group = appendLine(group, fmt.Sprintf("%s:x:%d:", a.Name, a.GID))
		changed = true
	}
	return passwd, group, changed
}

func appendLine(b []byte, line string) []byte {
	out := bytes.Clone(b)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, line+"\n"...)
}

func fields(b []byte, fn func(f []string) bool) {
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		f := strings.Split(s.Text(), ":")
		if len(f) >= 3 && fn(f) {
			return
		}
	}
}

func findUser(passwd []byte, name string) (a Account, ok bool) {
	fields(passwd, func(f []string) bool {
		if f[0] != name {
			return false
		}
		a, ok = accountFrom(f)
		return ok
	})
	return a, ok
}

func findUID(passwd []byte, uid int) (a Account, ok bool) {
	fields(passwd, func(f []string) bool {
		if f[2] != strconv.Itoa(uid) {
			return false
		}
		a, ok = accountFrom(f)
		return ok
	})
	return a, ok
}

func accountFrom(f []string) (Account, bool) {
	if len(f) < 4 {
		return Account{}, false
	}
	uid, err1 := strconv.Atoi(f[2])
	gid, err2 := strconv.Atoi(f[3])
	a := Account{Name: f[0], UID: uid, GID: gid}
	if len(f) > 5 {
		a.Home = f[5]
	}
	return a, err1 == nil && err2 == nil
}

func hasGID(group []byte, gid int) (found bool) {
	fields(group, func(f []string) bool {
		found = f[2] == strconv.Itoa(gid)
		return found
	})
	return found
}
