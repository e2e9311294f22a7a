package pgwire

import (
	"context"
	"net"
	"sync"
	"time"

	wire "github.com/jeroenrinzema/psql-wire"
)

// Failed logins from one address: after loginBurst failures within
// loginWindow, the address is refused until loginWindow has passed since
// its last failure; every failure also waits loginDelay before answering.
const (
	loginBurst  = 5
	loginWindow = time.Minute
	loginDelay  = 500 * time.Millisecond
)

// login checks a client's password against the users file, read again at
// each login so `carewh users` takes effect at once. It logs and counts a
// failure, and refuses an address that failed too often lately.
func (s *Server) login(ctx context.Context, database, username, password string) (context.Context, bool, error) {
	host := hostOf(wire.RemoteAddress(ctx))
	if s.limiter.blocked(host, time.Now()) {
		s.metrics.loginFailures.Inc()
		s.metrics.refusals.WithLabelValues("28P01").Inc()
		s.log.WarnContext(ctx, "SQL login refused: too many failed logins from this address", "user", username, "remote", host)
		return ctx, false, nil
	}
	users, err := ReadUsers(s.cfg.UsersFile)
	if err != nil {
		s.log.ErrorContext(ctx, "SQL login: cannot read the users file", "error", err)
		return ctx, false, err
	}
	u, ok := authenticate(users, username, password)
	if !ok {
		s.limiter.fail(host, time.Now())
		s.metrics.loginFailures.Inc()
		s.metrics.refusals.WithLabelValues("28P01").Inc()
		s.log.WarnContext(ctx, "SQL login failed", "user", username, "remote", host)
		time.Sleep(loginDelay)
		return ctx, false, nil
	}
	s.log.InfoContext(ctx, "SQL login", "user", username, "remote", host, "database", database)
	return context.WithValue(ctx, userKey{}, u), true, nil
}

func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// loginLimiter remembers recent failed logins by address.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newLoginLimiter() *loginLimiter { return &loginLimiter{failures: map[string][]time.Time{}} }

func (l *loginLimiter) recent(host string, now time.Time) []time.Time {
	var keep []time.Time
	for _, t := range l.failures[host] {
		if now.Sub(t) < loginWindow {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.failures, host)
	} else {
		l.failures[host] = keep
	}
	return keep
}

func (l *loginLimiter) blocked(host string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(host, now)) >= loginBurst
}

func (l *loginLimiter) fail(host string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[host] = append(l.recent(host, now), now)
}
