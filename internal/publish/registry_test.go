package publish

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// anonymous keeps tests away from the machine's ~/.docker/config.json.
var anonymous = authn.NewMultiKeychain()

// uploadCounter counts blob upload requests (POST, PATCH, PUT on /blobs/).
type uploadCounter struct {
	base    http.RoundTripper
	uploads atomic.Int64
}

func (c *uploadCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead && strings.Contains(req.URL.Path, "/blobs/") {
		c.uploads.Add(1)
	}
	return c.base.RoundTrip(req)
}

func newTestRegistry(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	var h http.Handler = registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return strings.TrimPrefix(s.URL, "http://")
}

func TestRegistryPush(t *testing.T) {
	host := newTestRegistry(t, nil)
	idx, err := random.Index(512, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    Result
	}{{"image", randomImage(t)}, {"index", idx}} {
		t.Run(tc.name, func(t *testing.T) {
			tags := mustTags(t, host+"/"+tc.name+":1", host+"/"+tc.name+":latest")
			counter := &uploadCounter{base: http.DefaultTransport}
			p := NewRegistry(tags, quietOptions(WithTransport(counter), WithKeychain(anonymous), WithJobs(2))...)
			if err := p.Publish(context.Background(), tc.r); err != nil {
				t.Fatal(err)
			}
			first := counter.uploads.Load()
			if first == 0 {
				t.Fatal("no blob was uploaded")
			}
			for _, tag := range tags {
				desc, err := remote.Get(tag)
				if err != nil {
					t.Fatal(err)
				}
				if want := digestOf(t, tc.r); desc.Digest != want {
					t.Errorf("%s is %s, want %s", tag, desc.Digest, want)
				}
				if tc.name == "image" {
					img, err := desc.Image()
					if err == nil {
						err = validate.Image(img)
					}
					if err != nil {
						t.Errorf("validating %s: %v", tag, err)
					}
				} else {
					ii, err := desc.ImageIndex()
					if err == nil {
						err = validate.Index(ii)
					}
					if err != nil {
						t.Errorf("validating %s: %v", tag, err)
					}
				}
			}

			// A second push finds every blob in place and uploads nothing.
			if err := p.Publish(context.Background(), tc.r); err != nil {
				t.Fatal(err)
			}
			if again := counter.uploads.Load() - first; again != 0 {
				t.Errorf("second push made %d blob upload requests, want 0", again)
			}
		})
	}
}

func TestRegistryErrors(t *testing.T) {
	deny := func(code int, onlyUploads bool) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if onlyUploads && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
					next.ServeHTTP(w, r)
					return
				}
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(code)
				fmt.Fprint(w, `{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}`)
			})
		}
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downHost := closed.Addr().String()
	closed.Close()

	tests := []struct {
		name string
		host string
		want string
	}{
		{"401", newTestRegistry(t, deny(http.StatusUnauthorized, false)), "push to HOST/app:1 denied: log in with docker login HOST (pyko reads ~/.docker/config.json) or check the repository name: "},
		{"403 on upload", newTestRegistry(t, deny(http.StatusForbidden, true)), "push to HOST/app:1 denied: log in with docker login HOST"},
		{"down", downHost, "pushing to HOST/app:1: registry unreachable: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewRegistry(mustTags(t, tt.host+"/app:1"), quietOptions(WithKeychain(anonymous))...)
			start := time.Now()
			err := p.Publish(context.Background(), randomImage(t))
			want := strings.ReplaceAll(tt.want, "HOST", tt.host)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error = %v\nwant prefix %q", err, want)
			}
			t.Logf("%s (after %s)", err, time.Since(start).Round(time.Millisecond))
		})
	}
	t.Run("no tags", func(t *testing.T) {
		err := NewRegistry(nil).Publish(context.Background(), randomImage(t))
		if err == nil || !strings.Contains(err.Error(), "needs at least one tag") {
			t.Errorf("error = %v", err)
		}
	})
}

func TestRegistryInsecureTLS(t *testing.T) {
	host := tools.TLSRegistry(t).Listener.Addr().String()
	tags := mustTags(t, host+"/app:1")

	err := NewRegistry(tags, quietOptions(WithKeychain(anonymous))...).Publish(context.Background(), randomImage(t))
	if err == nil {
		t.Fatal("push to a registry with an untrusted certificate succeeded")
	}
	t.Logf("without WithInsecureRegistries: %v", err)

	_, port, _ := net.SplitHostPort(host)
	for _, insecure := range []string{host, "127.0.0.1"} {
		p := NewRegistry(tags, quietOptions(WithKeychain(anonymous), WithInsecureRegistries(insecure))...)
		if err := p.Publish(context.Background(), randomImage(t)); err != nil {
			t.Errorf("WithInsecureRegistries(%q): %v", insecure, err)
		}
	}
	p := NewRegistry(tags, quietOptions(WithKeychain(anonymous), WithInsecureRegistries("127.0.0.1:1"))...)
	if err := p.Publish(context.Background(), randomImage(t)); err == nil {
		t.Errorf("WithInsecureRegistries(127.0.0.1:1) let a push to port %s skip the certificate check", port)
	}
}

// TestRegistryDistribution pushes to the distribution registry (Debian's
// docker-registry) and reads the result back with skopeo.
func TestRegistryDistribution(t *testing.T) {
	bin := requireTool(t, "docker-registry")
	skopeo := requireTool(t, "skopeo")
	host := startDistribution(t, bin)

	img, idx := tinyImage(t, "amd64"), platformIndex(t)
	p := NewRegistry(mustTags(t, host+"/app:1", host+"/app:stable"), quietOptions(WithKeychain(anonymous))...)
	if err := p.Publish(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	pm := NewRegistry(mustTags(t, host+"/multi:1"), quietOptions(WithKeychain(anonymous))...)
	if err := pm.Publish(context.Background(), idx); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"app:1": digestOf(t, img).String(), "app:stable": digestOf(t, img).String()} {
		out := run(t, nil, skopeo, "inspect", "--tls-verify=false", "docker://"+host+"/"+ref)
		if !strings.Contains(out, want) {
			t.Errorf("skopeo inspect %s does not show %s:\n%s", ref, want, out)
		}
	}
	out := run(t, nil, skopeo, "inspect", "--raw", "--tls-verify=false", "docker://"+host+"/multi:1")
	if !strings.Contains(out, `"architecture":"arm64"`) {
		t.Errorf("skopeo inspect --raw multi:1 = %s", out)
	}
}

func startDistribution(t *testing.T, bin string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	cfg := fmt.Sprintf("version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: %s}\nhttp:\n  addr: %s\n",
		filepath.Join(dir, "reg"), host)
	if err := os.WriteFile(filepath.Join(dir, "registry.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", filepath.Join(dir, "registry.yml"))
	logf, err := os.Create(filepath.Join(dir, "registry.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + host + "/v2/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return host
			}
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "registry.log"))
	t.Fatalf("docker-registry did not start on %s:\n%s", host, b)
	return ""
}
