package requirements

import (
	"reflect"
	"strings"
	"testing"
)

func TestPinnedHashes(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	tests := []struct {
		in      []string
		want    []string
		wantErr string
	}{
		{in: nil, want: nil},
		{in: []string{"sha256:" + a, "SHA256:" + strings.ToUpper(b), "sha256:" + a}, want: []string{a, b}},
		{in: []string{"sha256:" + a, "SHA512:" + strings.Repeat("C", 128), "sha384:" + strings.Repeat("d", 96)},
			want: []string{a, "sha512:" + strings.Repeat("c", 128), "sha384:" + strings.Repeat("d", 96)}},
		{in: []string{"sha512:" + strings.Repeat("c", 128)}, want: []string{"sha512:" + strings.Repeat("c", 128)}},
		{in: []string{"sha384:" + strings.Repeat("d", 95)}, wantErr: "a sha384 digest is 96 hex digits"},
		{in: []string{"md5:" + strings.Repeat("e", 32)}, wantErr: `unknown algorithm "md5"`},
		{in: []string{"sha256:" + a[:63]}, wantErr: "a sha256 digest is 64 hex digits"},
		{in: []string{"sha256:" + a[:63] + "g"}, wantErr: "a sha256 digest is 64 hex digits"},
		{in: []string{a}, wantErr: "not algorithm:hex"},
	}
	for _, tc := range tests {
		got, err := pinnedHashes(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("pinnedHashes(%q) error = %v, want it to contain %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("pinnedHashes(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
