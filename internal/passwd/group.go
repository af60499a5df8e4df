package passwd

import (
	"strconv"
	"strings"
)

// Group is an /etc/group entry.
type Group struct {
	Name, Password string
	GID            int
	Members        []string
}

// String formats g as an /etc/group line, without the newline.
func (g Group) String() string {
	return g.Name + ":" + g.Password + ":" + strconv.Itoa(g.GID) + ":" + strings.Join(g.Members, ",")
}

func (g Group) key() (string, int) { return g.Name, g.GID }

// ParseGroup reads an /etc/group file. It never fails: lines that are not
// entries are kept but not looked at.
func ParseGroup(data []byte) *File[Group] { return parse(data, parseGroup) }

// parseGroup reads name:password:GID[:members], members separated by ','.
func parseGroup(line string) (Group, bool) {
	f := strings.SplitN(line, ":", 4)
	if len(f) < 3 {
		return Group{}, false
	}
	gid, ok := id(f[2])
	g := Group{Name: f[0], Password: f[1], GID: gid}
	if len(f) == 4 {
		for _, m := range strings.Split(f[3], ",") {
			if m = strings.TrimSpace(m); m != "" {
				g.Members = append(g.Members, m)
			}
		}
	}
	return g, ok
}
