package fetch

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
)

func TestWithNetworkAdvice(t *testing.T) {
	dns := fmt.Errorf("fetching https://x/key: %w", &net.DNSError{Err: "no such host", Name: "x"})
	op := fmt.Errorf("reading index: %w", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")})
	other := errors.New("index signed by an unknown key")
	for _, err := range []error{dns, op} {
		got := Advise(err)
		if !strings.Contains(got.Error(), "--offline") || !errors.Is(got, err) {
			t.Errorf("%v: got %v", err, got)
		}
	}
	if Advise(other) != other {
		t.Error("advice added to an error that is not about the network")
	}
}
