package requirements

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		in      string
		want    parsedLine
		wantErr string
	}{
		{in: "flask==3.0.3", want: parsedLine{req: "flask==3.0.3"}},
		{in: "flask  ==  3.0.3 ;  python_version < '3.11'", want: parsedLine{req: "flask == 3.0.3 ; python_version < '3.11'"}},
		{in: "flask==3.0.3 --hash=sha256:aa  --hash sha256:bb", want: parsedLine{req: "flask==3.0.3",
			opts: []option{{"--hash", "sha256:aa"}, {"--hash", "sha256:bb"}}}},
		{in: "pkg==1 -C key=val --global-option=x", want: parsedLine{req: "pkg==1",
			opts: []option{{"--config-settings", "key=val"}, {"--global-option", "x"}}}},
		{in: "-r base.txt", want: parsedLine{opts: []option{{"--requirement", "base.txt"}}}},
		{in: "-rbase.txt", want: parsedLine{opts: []option{{"--requirement", "base.txt"}}}},
		{in: "--requirement=base.txt", want: parsedLine{opts: []option{{"--requirement", "base.txt"}}}},
		{in: "-c 'my constraints.txt'", want: parsedLine{opts: []option{{"--constraint", "my constraints.txt"}}}},
		{in: "-i https://a/simple --extra-index-url https://b/simple", want: parsedLine{opts: []option{
			{"--index-url", "https://a/simple"}, {"--extra-index-url", "https://b/simple"}}}},
		{in: "--extra-index https://b/simple", want: parsedLine{opts: []option{{"--extra-index-url", "https://b/simple"}}}},
		{in: "--pre", want: parsedLine{opts: []option{{"--pre", ""}}}},
		{in: "--pref", want: parsedLine{opts: []option{{"--prefer-binary", ""}}}},
		{in: "--no-index --find-links ./wheels", want: parsedLine{opts: []option{{"--no-index", ""}, {"--find-links", "./wheels"}}}},
		{in: "-e .", want: parsedLine{opts: []option{{"--editable", "."}}}},
		{in: "--trusted-host h --only-binary :all: --require-hashes", want: parsedLine{opts: []option{
			{"--trusted-host", "h"}, {"--only-binary", ":all:"}, {"--require-hashes", ""}}}},
		{in: "--no-index=1", wantErr: "--no-index takes no value"},
		{in: "--index-url", wantErr: "--index-url needs a value"},
		{in: "-i", wantErr: "--index-url needs a value"},
		{in: "--no", wantErr: "ambiguous"},
		{in: "--install-option=--prefix", wantErr: "unknown option --install-option"},
		{in: "-x", wantErr: "unknown option -x"},
		{in: "flask==1 --index-url https://a", wantErr: "--index-url must be on a line of its own"},
		{in: "flask==1 -r x.txt", wantErr: "--requirement must be on a line of its own"},
		{in: "--hash=sha256:aa flask==1", wantErr: `unexpected "flask==1"`},
		{in: "--hash='open", wantErr: "splitting options"},
	}
	for _, tc := range tests {
		got, err := parseLine(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseLine(%q) error = %v, want it to contain %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseLine(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseLine(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}
