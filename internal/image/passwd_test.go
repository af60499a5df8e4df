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
