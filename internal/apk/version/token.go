package version

// tokenKind is the kind of one version component. The order matters: a
// component may only follow one of a lower kind (with the exceptions coded
// in next), and when one version runs out before the other, the kinds decide.
type tokenKind int

const (
	tokInitialDigit tokenKind = iota
	tokDigit
	tokLetter
	tokSuffix
	tokSuffixNo
	tokCommitHash
	tokRevisionNo
	tokEnd
	tokInvalid
)

// suffix ranks the "_name" suffixes; suffixNone is the bare release, so
// anything below it is a pre-release.
type suffix int

const (
	suffixInvalid suffix = iota
	suffixAlpha
	suffixBeta
	suffixPre
	suffixRC
	suffixNone
	suffixCVS
	suffixSVN
	suffixGit
	suffixHg
	suffixP
)

var suffixes = map[string]suffix{
	"alpha": suffixAlpha, "beta": suffixBeta, "pre": suffixPre, "rc": suffixRC,
	"cvs": suffixCVS, "svn": suffixSVN, "git": suffixGit, "hg": suffixHg, "p": suffixP,
}

// tokenizer walks a version string one component at a time.
type tokenizer struct {
	kind  tokenKind
	suf   suffix
	num   uint64 // numeric value; wraps on overflow, as apk-tools' uint64 does
	value string // the component's text
	rest  string
}

func newTokenizer(s string) *tokenizer {
	t := &tokenizer{kind: tokInitialDigit, rest: s}
	t.digits()
	return t
}

// digits reads a run of decimal digits; an empty run makes the token invalid.
func (t *tokenizer) digits() {
	i := 0
	t.num = 0
	for i < len(t.rest) && isDigit(t.rest[i]) {
		t.num = t.num*10 + uint64(t.rest[i]-'0')
		i++
	}
	t.value, t.rest = t.rest[:i], t.rest[i:]
	if i == 0 {
		t.kind = tokInvalid
	}
}

// next advances to the following component, checking that its kind may
// follow the current one.
func (t *tokenizer) next() {
	if t.rest == "" {
		t.kind = tokEnd
		return
	}
	c := t.rest[0]
	switch {
	case isLower(c):
		if t.kind > tokDigit {
			t.kind = tokInvalid
			return
		}
		t.value, t.rest = t.rest[:1], t.rest[1:]
		t.kind = tokLetter
	case c == '.' || isDigit(c):
		if c == '.' {
			if t.kind > tokDigit {
				t.kind = tokInvalid
				return
			}
			t.rest = t.rest[1:]
		}
		switch t.kind {
		case tokInitialDigit, tokDigit:
			t.kind = tokDigit
		case tokSuffix:
			t.kind = tokSuffixNo
		default:
			t.kind = tokInvalid
			return
		}
		t.digits()
	case c == '_':
		if t.kind > tokSuffixNo {
			t.kind = tokInvalid
			return
		}
		i := 1
		for i < len(t.rest) && isLower(t.rest[i]) {
			i++
		}
		t.value, t.rest = t.rest[1:i], t.rest[i:]
		t.suf = suffixes[t.value]
		if t.suf == suffixInvalid {
			t.kind = tokInvalid
			return
		}
		t.kind = tokSuffix
	case c == '~':
		if t.kind >= tokCommitHash {
			t.kind = tokInvalid
			return
		}
		i := 1
		for i < len(t.rest) && isHex(t.rest[i]) {
			i++
		}
		t.value, t.rest = t.rest[1:i], t.rest[i:]
		if t.value == "" {
			t.kind = tokInvalid
			return
		}
		t.kind = tokCommitHash
	case c == '-':
		if t.kind >= tokRevisionNo || len(t.rest) < 2 || t.rest[1] != 'r' {
			t.kind = tokInvalid
			return
		}
		t.rest = t.rest[2:]
		t.kind = tokRevisionNo
		t.digits()
	default:
		t.kind = tokInvalid
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isHex(c byte) bool   { return isDigit(c) || (c >= 'a' && c <= 'f') }
