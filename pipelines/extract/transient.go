package extract

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"syscall"
)

// NetworkTransient reports whether err is a network or connection failure
// worth another attempt: a timeout, a refused, reset or dropped connection,
// an unreachable host, a bad pooled connection, or a DNS failure other than
// "no such host".
func NetworkTransient(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return !dnsErr.IsNotFound
	}
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ETIMEDOUT) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) || errors.As(err, &netErr)
}
