package passwd

import (
	"bytes"
	"reflect"
	"testing"
)

func TestParsePasswd(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []User
	}{
		{"empty", "", nil},
		{"debian", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", []User{
			{"root", "x", 0, 0, "root", "/root", "/bin/bash"},
			{"nobody", "x", 65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin"},
		}},
		{"no final newline", "a:x:1:2:g:/h:/s", []User{{"a", "x", 1, 2, "g", "/h", "/s"}}},
		{"comments, blank lines, leading space", "# root:x:0:0::/:\n\n  \t\nb:x:3:4::/h:/s\n  c:x:5:6::/:\n\t#d:x:7:7::/:\n",
			[]User{{"b", "x", 3, 4, "", "/h", "/s"}, {"c", "x", 5, 6, "", "/", ""}}},
		{"short lines", "garbage\nx:y\nn:x:1\nm:x:1:2\n", []User{{"m", "x", 1, 2, "", "", ""}}},
		{"bad ids", "a:x::1\nb:x:1:\nc:x:-1:1\nd:x:+1:1\ne:x:1a:1\nf:x:4294967296:1\ng:x:4294967295:0\n",
			[]User{{"g", "x", 4294967295, 0, "", "", ""}}},
		{"leading zeros", "a:x:0065532:007::/:\n", []User{{"a", "x", 65532, 7, "", "/", ""}}},
		{"shell keeps colons and cr", "a:x:1:1::/h:/bin/sh:x\r\n", []User{{"a", "x", 1, 1, "", "/h", "/bin/sh:x\r"}}},
		{"crlf ids", "a:x:1:2\r\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParsePasswd([]byte(tt.in))
			if got := f.Entries(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entries = %+v\nwant %+v", got, tt.want)
			}
			if string(f.Bytes()) != tt.in {
				t.Errorf("Bytes() = %q, want the input", f.Bytes())
			}
		})
	}
}

func TestParseGroup(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Group
	}{
		{"debian", "root:x:0:\nsudo:x:27:alice,bob\n", []Group{{"root", "x", 0, nil}, {"sudo", "x", 27, []string{"alice", "bob"}}}},
		{"three fields", "g:x:5", []Group{{"g", "x", 5, nil}}},
		{"short and bad", "g\ng:x\ng:x::\ng:x:a:\n# g:x:1:\n", nil},
		{"members with spaces and gaps", "g:x:1: a,,b ,\n", []Group{{"g", "x", 1, []string{"a", "b"}}}},
		{"crlf", "g:x:1:\r\n", []Group{{"g", "x", 1, nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseGroup([]byte(tt.in))
			if got := f.Entries(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entries = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	users := ParsePasswd([]byte("#app:x:9:9::/:\nroot:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\napp:x:1001:1001::/:\ndup:x:1000:5::/:\n"))
	tests := []struct {
		name   string
		id     int
		byName string // the home of ByName(name), "" for not found
		byID   string // the name of ByID(id), "" for not found
	}{
		{"root", 0, "/root", "root"},
		{"app", 1000, "/home/app", "app"},
		{"dup", 5, "/", ""},
		{"ghost", 9, "", ""},
		{"", 1001, "", "app"},
	}
	for _, tt := range tests {
		if u, ok := users.ByName(tt.name); ok != (tt.byName != "") || u.Home != tt.byName {
			t.Errorf("ByName(%q) = %+v, %v", tt.name, u, ok)
		}
		if u, ok := users.ByID(tt.id); ok != (tt.byID != "") || u.Name != tt.byID {
			t.Errorf("ByID(%d) = %+v, %v", tt.id, u, ok)
		}
	}
	groups := ParseGroup([]byte("root:x:0:\nwheel:x:10:root\n"))
	if g, ok := groups.ByName("wheel"); !ok || g.GID != 10 {
		t.Errorf("ByName(wheel) = %+v, %v", g, ok)
	}
	if g, ok := groups.ByID(0); !ok || g.Name != "root" {
		t.Errorf("ByID(0) = %+v, %v", g, ok)
	}
}

func TestAdd(t *testing.T) {
	const nonroot = "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"
	u := User{Name: "nonroot", Password: "x", UID: 65532, GID: 65532, Home: "/home/nonroot", Shell: "/sbin/nologin"}
	tests := []struct {
		in, want string
	}{
		{"", nonroot},
		{"root:x:0:0:root:/root:/bin/sh\n", "root:x:0:0:root:/root:/bin/sh\n" + nonroot},
		{"root:x:0:0:root:/root:/bin/sh", "root:x:0:0:root:/root:/bin/sh\n" + nonroot},
		{"root:x:0:0:root:/root:/bin/sh\r\n", "root:x:0:0:root:/root:/bin/sh\r\n" + nonroot},
		{"# only a comment", "# only a comment\n" + nonroot},
		{"\n\n", "\n\n" + nonroot},
	}
	for _, tt := range tests {
		in := []byte(tt.in)
		f := ParsePasswd(in)
		f.Add(u)
		if got := string(f.Bytes()); got != tt.want {
			t.Errorf("Add to %q = %q, want %q", tt.in, got, tt.want)
		}
		if string(in) != tt.in {
			t.Errorf("Add changed its input to %q", in)
		}
		if got, ok := f.ByID(65532); !ok || got != u {
			t.Errorf("ByID after Add = %+v, %v", got, ok)
		}
	}
	g := ParseGroup([]byte("root:x:0:"))
	g.Add(Group{Name: "nonroot", Password: "x", GID: 65532})
	g.Add(Group{Name: "app", Password: "x", GID: 1, Members: []string{"a", "b"}})
	if got := string(g.Bytes()); got != "root:x:0:\nnonroot:x:65532:\napp:x:1:a,b\n" {
		t.Errorf("group = %q", got)
	}
}

// TestAddDoesNotAlias checks that Add never writes into the caller's
// buffer, even when it has spare capacity.
func TestAddDoesNotAlias(t *testing.T) {
	buf := make([]byte, 0, 64)
	buf = append(buf, "root:x:0:\n"...)
	f := ParseGroup(buf)
	f.Add(Group{Name: "a", Password: "x", GID: 1})
	if extra := buf[:cap(buf)][len(buf):]; bytes.Contains(extra, []byte("a:x:1")) {
		t.Error("Add wrote into the input's spare capacity")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "root:x:0:0:root:/root:/bin/sh\n", "# c\n\n g:x:1:a,b", "a:x:1:2\r\n", "x:y", "a:x:99999999999:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		users, groups := ParsePasswd([]byte(s)), ParseGroup([]byte(s))
		if string(users.Bytes()) != s || string(groups.Bytes()) != s {
			t.Fatal("parsing changed the bytes")
		}
		// Every entry formats to a line that parses back to the same.
		for _, u := range users.Entries() {
			again := ParsePasswd([]byte(u.String())).Entries()
			if u.UID < 0 || u.GID < 0 || len(again) != 1 || again[0] != u {
				t.Fatalf("%+v formats as %q, which parses as %+v", u, u.String(), again)
			}
		}
		for _, g := range groups.Entries() {
			again := ParseGroup([]byte(g.String())).Entries()
			if g.GID < 0 || len(again) != 1 || !reflect.DeepEqual(again[0], g) {
				t.Fatalf("%+v formats as %q, which parses as %+v", g, g.String(), again)
			}
		}
		// Adding keeps every byte and appends exactly one line.
		users.Add(User{Name: "n", Password: "x", UID: 7, GID: 7, Home: "/", Shell: "/sbin/nologin"})
		if b := users.Bytes(); !bytes.HasPrefix(b, []byte(s)) || !bytes.HasSuffix(b, []byte("\nn:x:7:7::/:/sbin/nologin\n")) &&
			string(b) != "n:x:7:7::/:/sbin/nologin\n" {
			t.Fatalf("after Add: %q", b)
		}
	})
}
