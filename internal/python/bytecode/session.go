package bytecode

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pyko-dev/pyko/internal/sandbox"
)

// Session is one driver (compile.py --serve) in one sandbox, which
// compiles every job it is given: a build pays for the sandbox and the
// interpreter's start once, not once a layer (each costs some 40 ms of
// CPU). Its jobs run at once, each as Compile would run it, so their
// pycs are the same as Compile's. Close it when no more will come.
type Session struct {
	c    Compiler
	work string
	// in is the driver's stdin: a pipe, whose read end the sandbox's
	// init is given as it is (no copying goroutine for Wait to wait for).
	in *os.File
	// mu guards next, waiting, and writes to in.
	mu      sync.Mutex
	next    int
	waiting map[string]chan int
	// exited is closed when the sandbox has exited, err set before.
	exited chan struct{}
	err    error
	stop   context.CancelFunc
	log    *syncBuffer
}

// Start starts a session of c's interpreter; it ends with ctx or Close.
func (c Compiler) Start(ctx context.Context) (*Session, error) {
	work, err := os.MkdirTemp(c.TempDir, "bytecode-")
	if err != nil {
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(work, "out"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(work, "compile.py"), driver, 0o644); err != nil {
		return nil, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(ctx)
	outR, outW := io.Pipe()
	s := &Session{c: c, work: work, in: pw, waiting: map[string]chan int{}, exited: make(chan struct{}), stop: stop, log: &syncBuffer{}}
	spec := c.spec(work, "--serve")
	spec.Input = pr
	go s.read(outR)
	go func() {
		err := sandbox.Run(ctx, spec, outW, s.log)
		outW.Close()
		pr.Close()
		s.mu.Lock()
		s.err = err
		if err == nil {
			s.err = errors.New("the compiler ended")
		}
		s.mu.Unlock()
		close(s.exited)
	}()
	return s, nil
}

// read takes the driver's "done NAME STATUS" lines to the jobs waiting.
func (s *Session) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 || f[0] != "done" {
			continue
		}
		status, err := strconv.Atoi(f[2])
		if err != nil {
			status = -1
		}
		s.mu.Lock()
		ch := s.waiting[f[1]]
		delete(s.waiting, f[1])
		s.mu.Unlock()
		if ch != nil {
			ch <- status
		}
	}
	io.Copy(io.Discard, r)
}

// Compile compiles the groups, jobs of them at once (zero: GOMAXPROCS),
// as Compiler.Compile does.
func (s *Session) Compile(ctx context.Context, groups []Group, jobs int) ([]Result, error) {
	s.mu.Lock()
	id := strconv.Itoa(s.next)
	s.next++
	s.mu.Unlock()
	dir := filepath.Join(s.work, id)
	out := filepath.Join(s.work, "out", id)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.Mkdir(out, 0o755); err != nil {
		return nil, err
	}
	c := s.c
	c.Jobs = jobs
	j, err := c.writeSources(ctx, filepath.Join(dir, "sources"), groups, "/pyko/"+id, "/out/"+id)
	if err != nil {
		return nil, fmt.Errorf("writing the sources to compile: %w", err)
	}
	name := "/pyko/" + id + "/job"
	if err := os.WriteFile(filepath.Join(dir, "job"), j.encode(), 0o644); err != nil {
		return nil, err
	}
	if err := s.run(ctx, name); err != nil {
		return nil, fmt.Errorf("compiling bytecode with %s: %w", c.Interpreter, err)
	}
	return c.collect(out, j)
}

// run hands the job in the file name to the driver and waits for it.
func (s *Session) run(ctx context.Context, name string) error {
	done := make(chan int, 1)
	s.mu.Lock()
	s.waiting[name] = done
	_, err := io.WriteString(s.in, name+"\n")
	s.mu.Unlock()
	if err != nil {
		<-s.exited
		return fmt.Errorf("%w: %s", s.err, lastLines(s.log.String(), 20))
	}
	timer := time.NewTimer(s.c.timeout())
	defer timer.Stop()
	select {
	case status := <-done:
		if status != 0 {
			return fmt.Errorf("exit status %d: %s", status, lastLines(s.log.String(), 20))
		}
		return nil
	case <-s.exited:
		return fmt.Errorf("%w: %s", s.err, lastLines(s.log.String(), 20))
	case <-timer.C:
		// The session is stuck: no later job could trust it.
		s.stop()
		return fmt.Errorf("%w (%s)", sandbox.ErrTimeout, s.c.timeout())
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close ends the session: its driver is killed, not asked to finish
// (that would cost a build the interpreter's exit, some 20 ms), so call
// it once its jobs are done; its sandbox is gone when it returns.
func (s *Session) Close() {
	s.mu.Lock()
	s.in.Close()
	s.mu.Unlock()
	s.stop()
	<-s.exited
}

// syncBuffer is a bytes.Buffer for one writer and other readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
