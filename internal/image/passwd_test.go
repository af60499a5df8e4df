package image

import (
	"strings"
	"testing"
)

func TestAccounts(t *testing.T) {
	basePasswd := "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin"
	tests := []struct {
		name        string
		passwd      string
		group       string
		acct        Account
		wantChanged bool
		wantPasswd  string
		wantGroup   string
	}{
		{"empty base", "", "", Nonroot, true,
			"nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n", "nonroot:x:65532:\n"},
		{"keeps base lines", basePasswd, "root:x:0:\n", Nonroot, true,
			basePasswd + "\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n", "root:x:0:\nnonroot:x:65532:\n"},
		{"uid present", basePasswd, "nogroup:x:65534:", Account{Name: "nobody", UID: 65534, GID: 65534}, false,
			basePasswd, "nogroup:x:65534:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, g, changed := Accounts(&Facts{Passwd: []byte(tt.passwd), Group: []byte(tt.group)}, tt.acct)
			if changed != tt.wantChanged || string(p) != tt.wantPasswd || string(g) != tt.wantGroup {
				t.Fatalf("got changed=%v\n%s\n--\n%s", changed, p, g)
			}
		})
	}
}

func TestParseUser(t *testing.T) {
	facts := &Facts{Passwd: []byte("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n")}
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"", "65532:65532", ""},
		{"1234", "1234:1234", ""},
		{"1234:99", "1234:99", ""},
		{"app", "1000:1001", ""},
		{"ghost", "", "numeric UID"},
		{"1:x", "", "group must be a number"},
		{"-5", "", "negative"},
	}
	for _, tt := range tests {
		a, err := ParseUser(tt.in, facts)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseUser(%q) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || a.String() != tt.want {
			t.Errorf("ParseUser(%q) = %v, %v; want %s", tt.in, a, err, tt.want)
		}
	}
}

// TestAccountsBytes pins the exact bytes Accounts writes for inputs seen
// before the passwd package existed: images are pinned by digest, so any
// change here changes them.
func TestAccountsBytes(t *testing.T) {
	const (
		deb    = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
		debG   = "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n"
		nrLine = "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"
	)
	app := Account{Name: "app", UID: 1000, GID: 1001, Home: "/home/app"}
	tests := []struct {
		name                  string
		passwd, group         string
		acct                  Account
		wantPasswd, wantGroup string
		wantChanged           bool
	}{
		{"debian", deb, debG, Nonroot, deb + nrLine, debG + "nonroot:x:65532:\n", true},
		{"no final newline", "root:x:0:0:root:/root:/bin/sh", "root:x:0:", Nonroot,
			"root:x:0:0:root:/root:/bin/sh\n" + nrLine, "root:x:0:\nnonroot:x:65532:\n", true},
		{"crlf", "root:x:0:0:root:/root:/bin/sh\r\n", "root:x:0:\r\n", Nonroot,
			"root:x:0:0:root:/root:/bin/sh\r\n" + nrLine, "root:x:0:\r\nnonroot:x:65532:\n", true},
		{"comments and blank lines", "# users\n\nroot:x:0:0::/root:/bin/sh\n", "# groups\n\nroot:x:0:\n", Nonroot,
			"# users\n\nroot:x:0:0::/root:/bin/sh\n" + nrLine, "# groups\n\nroot:x:0:\nnonroot:x:65532:\n", true},
		{"ids taken by another name", "app:x:65532:65532::/app:/bin/sh\n", "app:x:65532:\n", Nonroot,
			"app:x:65532:65532::/app:/bin/sh\n", "app:x:65532:\n", false},
		// Accounts looks at IDs only: a name taken with another ID still
		// gets a second line.
		{"name taken with another id", "nonroot:x:1000:1000::/home/nonroot:/bin/sh\n", "nonroot:x:1000:\n", Nonroot,
			"nonroot:x:1000:1000::/home/nonroot:/bin/sh\n" + nrLine, "nonroot:x:1000:\nnonroot:x:65532:\n", true},
		{"short lines", "garbage\nx:y\n", "g\n", Nonroot, "garbage\nx:y\n" + nrLine, "g\nnonroot:x:65532:\n", true},
		{"other account", deb, debG, app, deb + "app:x:1000:1001::/home/app:/sbin/nologin\n", debG + "app:x:1001:\n", true},
		{"group there", deb, "root:x:0:\napp:x:1001:app\n", app,
			deb + "app:x:1000:1001::/home/app:/sbin/nologin\n", "root:x:0:\napp:x:1001:app\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, g, changed := Accounts(&Facts{Passwd: []byte(tt.passwd), Group: []byte(tt.group)}, tt.acct)
			if string(p) != tt.wantPasswd || string(g) != tt.wantGroup || changed != tt.wantChanged {
				t.Errorf("Accounts = %q, %q, %v\nwant %q, %q, %v", p, g, changed, tt.wantPasswd, tt.wantGroup, tt.wantChanged)
			}
		})
	}
}
