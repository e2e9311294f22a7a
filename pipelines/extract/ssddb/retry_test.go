package ssddb

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestConnectRetriesThenSaysWhereAndWhy(t *testing.T) {
	for _, scheme := range []string{"postgres", "sqlserver"} {
		t.Run(scheme, func(t *testing.T) {
			addr := closedPort(t)
			var logs bytes.Buffer
			start := time.Now()
			_, err := New(context.Background(), memory.NewGoAllocator(), Options{
				URL:     scheme + "://carewh@" + addr + "/ssd?sslmode=disable",
				Retries: 3, Backoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, ConnectTimeout: 2 * time.Second,
				Log: slog.New(slog.NewTextHandler(&logs, nil)),
			})
			if err == nil {
				t.Fatal("connected to a closed port")
			}
			for _, want := range []string{addr, "attempt 4 of 4", "connection refused"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if n := strings.Count(logs.String(), "retrying"); n != 3 {
				t.Errorf("logged %d retries, want 3:\n%s", n, logs.String())
			}
			if !strings.Contains(logs.String(), "attempt=1") || !strings.Contains(logs.String(), "host="+addr) {
				t.Errorf("retry log lacks the attempt or host:\n%s", logs.String())
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func TestPermanentFailuresAreNotRetried(t *testing.T) {
	calls := 0
	p := retryPolicy{retries: 5, base: time.Millisecond, max: time.Millisecond}
	err := p.do(context.Background(), postgres{}, slog.New(slog.DiscardHandler), "reading public.ssd_person", "db:5432",
		func(context.Context) error {
			calls++
			return permanentError{errors.New("no table or view public.ssd_person")}
		})
	if calls != 1 || err == nil || !strings.Contains(err.Error(), "public.ssd_person on db:5432") {
		t.Errorf("calls %d, error %v", calls, err)
	}
}

func TestRetryStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	p := retryPolicy{retries: 5, base: time.Hour, max: time.Hour}
	err := p.do(ctx, postgres{}, slog.New(slog.DiscardHandler), "connecting", "db", func(context.Context) error {
		calls++
		cancel()
		return context.DeadlineExceeded
	})
	if calls != 1 || !errors.Is(err, context.Canceled) {
		t.Errorf("calls %d, error %v", calls, err)
	}
}

func TestBackoffDoublesWithJitterUpToMax(t *testing.T) {
	p := retryPolicy{base: 100 * time.Millisecond, max: time.Second}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 30: time.Second} {
		for range 20 {
			if got := p.wait(n); got < want/2 || got > want {
				t.Errorf("wait(%d) = %s, want %s–%s", n, got, want/2, want)
			}
		}
	}
}
