package schedule

import (
	"math/rand/v2"
	"time"
)

// retryPolicy is config retry:, parsed.
type retryPolicy struct {
	attempts int           // every attempt, the first included
	initial  time.Duration // the wait before the first retry
	max      time.Duration // the longest wait
	deadline time.Duration // no attempt starts later than this after the first
}

// next says how long to wait before the attempt after attempt n (1-based),
// given how long ago the first began, and whether to make it at all. The
// wait doubles from initial up to max, and jitter takes off up to half of
// it so that retries from several clients spread out.
func (p retryPolicy) next(n int, elapsed time.Duration) (time.Duration, bool) {
	if n >= p.attempts {
		return 0, false
	}
	d := p.initial
	for i := 1; i < n && d < p.max; i++ {
		d *= 2
	}
	d = min(d, p.max)
	if d > 0 {
		d = d/2 + rand.N(d/2+1)
	}
	if elapsed+d > p.deadline {
		return 0, false
	}
	return d, true
}
