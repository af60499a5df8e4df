package e2e

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestPush pushes to a real distribution registry and checks the pushed
// manifest digest is the one pyko printed, then copies the image back.
func TestPush(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	base := baseRef(t)
	host := tools.Registry(t)
	ref := host + "/hello:1"
	digest := buildOK(t, nil, "build", helloDir(), "--base", base, "-t", ref, "--push", "--insecure-registry", host)

	img := skopeoInspect(t, "docker://"+ref, "--tls-verify=false")
	if img.Digest != digest {
		t.Errorf("registry has %s at %s, pyko printed %s", img.Digest, ref, digest)
	}
	if img.Architecture != "amd64" || img.Os != "linux" {
		t.Errorf("pushed image is %s/%s, want linux/amd64", img.Os, img.Architecture)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	back := filepath.Join(t.TempDir(), "back")
	command(t, ctx, "skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://"+ref, "oci:"+back+":hello")
	if got := skopeoInspect(t, "oci:"+back+":hello"); got.Digest != digest {
		t.Errorf("copied back %s, pushed %s", got.Digest, digest)
	}
	if got := skopeoInspect(t, "docker://"+host+"/hello@"+digest, "--tls-verify=false"); got.Digest != digest {
		t.Errorf("by digest: %s, want %s", got.Digest, digest)
	}
}
