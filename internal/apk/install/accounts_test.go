package install

import (
	"context"
	"testing"
)

// TestFinishAccountBytes pins the exact bytes Finish writes to etc/passwd
// and etc/group for inputs seen before the passwd package existed: images
// are pinned by digest, so any change here changes them.
func TestFinishAccountBytes(t *testing.T) {
	const nrLine = "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"
	tests := []struct {
		name                  string
		passwd, group         string
		acct                  Account
		wantPasswd, wantGroup string
	}{
		{"no final newline",
			"root:x:0:0:root:/root:/bin/ash\nnobody:x:65534:65534:nobody:/:/sbin/nologin", "root:x:0:\nnobody:x:65534:", nonroot,
			"root:x:0:0:root:/root:/bin/ash\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n" + nrLine,
			"root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n"},
		{"crlf", "root:x:0:0:root:/root:/bin/ash\r\n", "root:x:0:\r\n", nonroot,
			"root:x:0:0:root:/root:/bin/ash\r\n" + nrLine, "root:x:0:\r\nnonroot:x:65532:\n"},
		// Finish looks at names and IDs: either one taken leaves the file.
		{"name taken with another id", "nonroot:x:1000:1000::/home/x:/bin/sh\n", "nonroot:x:1000:\n", nonroot,
			"nonroot:x:1000:1000::/home/x:/bin/sh\n", "nonroot:x:1000:\n"},
		{"ids taken by another name", "app:x:65532:65532::/app:/bin/sh\n", "app:x:65532:\n", nonroot,
			"app:x:65532:65532::/app:/bin/sh\n", "app:x:65532:\n"},
		{"only the group there", "root:x:0:0::/root:/bin/sh\n", "app:x:65532:\n", nonroot,
			"root:x:0:0::/root:/bin/sh\n" + nrLine, "app:x:65532:\n"},
		{"comments and blank lines", "# users\n\nroot:x:0:0::/root:/bin/sh\n", "# groups\n\nroot:x:0:\n", nonroot,
			"# users\n\nroot:x:0:0::/root:/bin/sh\n" + nrLine, "# groups\n\nroot:x:0:\nnonroot:x:65532:\n"},
		{"short lines", "garbage\nx:y\n", "g\n", Account{Name: "app", UID: 1000, GID: 1001, Home: "/app"},
			"garbage\nx:y\napp:x:1000:1001::/app:/sbin/nologin\n", "g\napp:x:1001:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New(t.TempDir())
			mustAdd(t, tr, pkg("base"), tarOf(t, dir("etc"), file("etc/passwd", tt.passwd), file("etc/group", tt.group)))
			if err := tr.Finish(context.Background(), Finish{Account: tt.acct}); err != nil {
				t.Fatal(err)
			}
			got := flat(t, tr)
			p, g := content(t, got["etc/passwd"].Entry), content(t, got["etc/group"].Entry)
			if p != tt.wantPasswd || g != tt.wantGroup {
				t.Errorf("got %q, %q\nwant %q, %q", p, g, tt.wantPasswd, tt.wantGroup)
			}
		})
	}
}
