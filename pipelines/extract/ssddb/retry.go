package ssddb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"carewh/pipelines/extract"
)

// permanentError marks a failure that retrying cannot mend, such as a
// missing table or column.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// isTransient says whether err is worth another attempt: the dialect
// decides for its driver's errors, and otherwise a timeout, a refused,
// reset or dropped connection, or a bad pooled connection is transient.
func isTransient(d dialect, err error) bool {
	var perm permanentError
	if errors.As(err, &perm) {
		return false
	}
	if transient, known := d.transient(err); known {
		return transient
	}
	// From a database, an end of stream mid-conversation is a dropped
	// connection.
	return extract.NetworkTransient(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// retryPolicy is how often and how patiently a transient failure is
// retried.
type retryPolicy struct {
	retries int           // attempts after the first
	base    time.Duration // the wait before the first retry
	max     time.Duration // the longest wait
}

// wait is the pause before retry n (1-based): base doubled each time, at
// most max, with jitter taking it down by up to half so that many clients
// do not come back at once.
func (p retryPolicy) wait(n int) time.Duration {
	d := p.base
	for i := 1; i < n && d < p.max; i++ {
		d *= 2
	}
	d = min(d, p.max)
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}

// do runs attempt until it succeeds, fails permanently, or the retries are
// spent, logging each failure; what names the action and host the server,
// for messages. The error says which attempt failed last and why.
func (p retryPolicy) do(ctx context.Context, d dialect, log *slog.Logger, what, host string,
	attempt func(ctx context.Context) error) error {
	total := p.retries + 1
	for n := 1; ; n++ {
		err := attempt(ctx)
		if err == nil {
			if n > 1 {
				log.InfoContext(ctx, "source database attempt succeeded", "action", what, "host", host, "attempt", n)
			}
			return nil
		}
		if ctx.Err() != nil {
			return errors.Join(ctx.Err(), fmt.Errorf("%s on %s: %w", what, host, err))
		}
		if !isTransient(d, err) {
			return fmt.Errorf("%s on %s: %w", what, host, err)
		}
		if n == total {
			return fmt.Errorf("%s on %s: gave up after attempt %d of %d: %w", what, host, n, total, err)
		}
		pause := p.wait(n)
		log.WarnContext(ctx, "source database attempt failed; retrying", "action", what, "host", host,
			"attempt", n, "attempts", total, "retry_in_seconds", pause.Seconds(), "error", err)
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(ctx.Err(), fmt.Errorf("%s on %s: attempt %d of %d: %w", what, host, n, total, err))
		case <-t.C:
		}
	}
}
