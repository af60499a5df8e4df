package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/moby/moby/client"
)

// daemonPublisher loads the image into the Docker Engine API at a
// DOCKER_HOST address (daemon); podman's `podman system service` serves the
// same API.
type daemonPublisher struct {
	tags []name.Tag
	o    options
}

func (p *daemonPublisher) String() string { return "daemon " + p.o.dockerHost }

// Publish streams a docker-archive of the image, with every tag, to
// POST /images/load. From an index, the image matching WithPlatform is taken.
func (p *daemonPublisher) Publish(ctx context.Context, r Result) error {
	host := p.o.dockerHost
	if err := p.publish(ctx, r); err != nil {
		if client.IsErrConnectionFailed(err) || isNetError(err) {
			var op *net.OpError
			if errors.As(err, &op) {
				err = op // the client's own message repeats the host
			}
			return fmt.Errorf("loading into the Docker daemon at %s: cannot connect: %w; start Docker or podman system service, or set DOCKER_HOST",
				host, err)
		}
		return fmt.Errorf("loading into the Docker daemon at %s: %w", host, err)
	}
	return nil
}

func (p *daemonPublisher) publish(ctx context.Context, r Result) error {
	img, err := singleImage(ctx, p.o.logger, r, p.o.platform, "the Docker daemon")
	if err != nil {
		return err
	}
	cli, err := client.New(client.WithHost(p.o.dockerHost), client.WithUserAgent(p.o.userAgent))
	if err != nil {
		return err
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		return err
	}

	// Name images the way the Docker Engine does ("app:1" is
	// docker.io/library/app:1); podman would otherwise say localhost/app:1.
	tags := make([]name.Tag, len(p.tags))
	for i, t := range p.tags {
		if tags[i], err = name.NewTag(fullName(t)); err != nil {
			return err
		}
	}
	pr, pw := io.Pipe()
	defer pr.Close() // unblocks the writer on every return
	writeErr := make(chan error, 1)
	go func() {
		err := writeDockerArchive(pw, img, tags)
		writeErr <- err
		_ = pw.CloseWithError(err)
	}()
	resp, err := cli.ImageLoad(ctx, pr, client.ImageLoadWithQuiet(true))
	if err != nil {
		_ = pr.CloseWithError(err)
		if werr := <-writeErr; werr != nil {
			return fmt.Errorf("writing the image: %w", werr)
		}
		return err
	}
	defer resp.Close()
	if err := p.readLoadResponse(ctx, resp); err != nil {
		return err
	}
	_ = pr.Close()
	if err := <-writeErr; err != nil {
		return fmt.Errorf("writing the image: %w", err)
	}
	return nil
}

// loadMessage is one JSON message of the image load response stream.
type loadMessage struct {
	Stream      string `json:"stream"`
	Error       string `json:"error"`
	ErrorDetail *struct {
		Message string `json:"message"`
	} `json:"errorDetail"`
}

// readLoadResponse logs the daemon's messages and returns its error, if any.
func (p *daemonPublisher) readLoadResponse(ctx context.Context, body io.Reader) error {
	dec := json.NewDecoder(body)
	for {
		var m loadMessage
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the load response: %w", err)
		}
		if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
			return errors.New(m.ErrorDetail.Message)
		}
		if m.Error != "" {
			return errors.New(m.Error)
		}
		if s := strings.TrimSpace(m.Stream); s != "" {
			p.o.logger.InfoContext(ctx, s, "daemon", p.o.dockerHost)
		}
	}
}

func isNetError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}
