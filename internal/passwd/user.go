package passwd

import (
	"strconv"
	"strings"
)

// User is an /etc/passwd entry.
type User struct {
	Name, Password string
	UID, GID       int
	Gecos          string
	Home           string
	Shell          string
}

// String formats u as an /etc/passwd line, without the newline.
func (u User) String() string {
	return strings.Join([]string{u.Name, u.Password, strconv.Itoa(u.UID), strconv.Itoa(u.GID),
		u.Gecos, u.Home, u.Shell}, ":")
}

func (u User) key() (string, int) { return u.Name, u.UID }

// ParsePasswd reads an /etc/passwd file. It never fails: lines that are
// not entries are kept but not looked at.
func ParsePasswd(data []byte) *File[User] { return parse(data, parseUser) }

// parseUser reads name:password:UID:GID[:gecos[:home[:shell]]]; the shell
// is the rest of the line.
func parseUser(line string) (User, bool) {
	f := strings.SplitN(line, ":", 7)
	if len(f) < 4 {
		return User{}, false
	}
	f = append(f, "", "", "")
	uid, ok1 := id(f[2])
	gid, ok2 := id(f[3])
	u := User{Name: f[0], Password: f[1], UID: uid, GID: gid, Gecos: f[4], Home: f[5], Shell: f[6]}
	return u, ok1 && ok2
}
