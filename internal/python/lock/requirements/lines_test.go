package requirements

import (
	"reflect"
	"testing"
)

func TestLogicalLines(t *testing.T) {
	env := map[string]string{"TOKEN": "s3cret", "EMPTY": "", "HASHY": "x # y"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		name, in string
		want     []line
	}{
		{"plain", "a==1\nb==2\n", []line{{1, "a==1"}, {2, "b==2"}}},
		{"blank and comment lines", "\n# c\n  \n   # via x\na==1", []line{{5, "a==1"}}},
		{"trailing comment", "a==1  # pinned\nb==2\t# tab", []line{{1, "a==1"}, {2, "b==2"}}},
		{"hash sign in a URL is no comment", "x @ https://h/x-1-py3-none-any.whl#sha256=ab",
			[]line{{1, "x @ https://h/x-1-py3-none-any.whl#sha256=ab"}}},
		{"continuations, numbered by their first line",
			"a==1 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via z\nb==2",
			[]line{{1, "a==1     --hash=sha256:aa     --hash=sha256:bb"}, {5, "b==2"}}},
		{"backslash joins with nothing in between", "fla\\\nsk==1", []line{{1, "flask==1"}}},
		{"several backslashes all go", "a==1 \\\\\n--hash=sha256:aa", []line{{1, "a==1 --hash=sha256:aa"}}},
		{"comment line ending in backslash does not join", "# c \\\na==1", []line{{2, "a==1"}}},
		{"comment line ends a join", "a==1 \\\n# c\nb==2", []line{{1, "a==1"}, {3, "b==2"}}},
		{"comment ending in backslash eats the next line", "a==1 # c \\\nb==2\nc==3", []line{{1, "a==1"}, {3, "c==3"}}},
		{"file ending in backslash", "a==1 \\", []line{{1, "a==1"}}},
		{"CRLF", "a==1\r\nb==2\r\n", []line{{1, "a==1"}, {2, "b==2"}}},
		{"CR, form feed, line separator", "a==1\rb==2\fc==3\u2028d==4", []line{{1, "a==1"}, {2, "b==2"}, {3, "c==3"}, {4, "d==4"}}},
		{"env expanded", "-i https://u:${TOKEN}@h/simple", []line{{1, "-i https://u:s3cret@h/simple"}}},
		{"env forms left alone", "x ${UNSET} $TOKEN ${token} ${EMPTY} ${TOKEN", []line{{1, "x ${UNSET} $TOKEN ${token} ${EMPTY} ${TOKEN"}}},
		{"expansion after comments", "x @ https://h/${HASHY}", []line{{1, "x @ https://h/x # y"}}},
		{"expansion is not recursive", "${TOKEN}${TOKEN}", []line{{1, "s3crets3cret"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := logicalLines(tc.in, lookup)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("logicalLines(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestShellSplit(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{in: "", want: nil},
		{in: "--hash=sha256:aa   --hash sha256:bb", want: []string{"--hash=sha256:aa", "--hash", "sha256:bb"}},
		{in: `'a b' "c \" d \x" e\ f`, want: []string{"a b", `c " d \x`, "e f"}},
		{in: `-r"my reqs.txt"`, want: []string{"-rmy reqs.txt"}},
		{in: `''`, want: []string{""}},
		{in: `'open`, wantErr: true},
		{in: `"open`, wantErr: true},
		{in: `trailing\`, wantErr: true},
	}
	for _, tc := range tests {
		got, err := shellSplit(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("shellSplit(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("shellSplit(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
