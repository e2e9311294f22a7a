package pgwire

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Startup request codes (the protocol's first message after its length).
const (
	sslRequestCode    = 80877103
	gssencRequestCode = 80877104
	cancelRequestCode = 80877102
)

// guardedListener admits at most cap(slots) clients at a time, refusing
// the next with SQLSTATE 53300, and, when requireTLS, closes a client whose
// first message does not ask for TLS.
type guardedListener struct {
	net.Listener
	slots      chan struct{}
	requireTLS bool
	metrics    *metrics
}

func (l *guardedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
		default:
			l.metrics.refusals.WithLabelValues("53300").Inc()
			refuse(c, "53300", "too many connections: serve.sql.max_connections are in use")
			continue
		}
		l.metrics.connections.Inc()
		l.metrics.connected.Inc()
		return &guardedConn{Conn: c, listener: l, checkTLS: l.requireTLS}, nil
	}
}

// guardedConn frees its slot when closed, and checks the first message
// for a TLS request when it must.
type guardedConn struct {
	net.Conn
	listener *guardedListener
	closed   sync.Once

	checkTLS bool
	pending  []byte // the first message's start, read to check it
}

func (c *guardedConn) Read(p []byte) (int, error) {
	if c.checkTLS {
		c.checkTLS = false
		head := make([]byte, 8)
		if _, err := io.ReadFull(c.Conn, head); err != nil {
			return 0, err
		}
		switch binary.BigEndian.Uint32(head[4:]) {
		case sslRequestCode, gssencRequestCode, cancelRequestCode:
			c.pending = head
		default:
			c.listener.metrics.refusals.WithLabelValues("28000").Inc()
			refuse(c.Conn, "28000", "TLS is required on this address: connect with sslmode=require")
			return 0, errors.New("client did not ask for TLS")
		}
	}
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

func (c *guardedConn) Close() error {
	err := c.Conn.Close()
	c.closed.Do(func() {
		<-c.listener.slots
		c.listener.metrics.connections.Dec()
	})
	return err
}

// refuse sends a FATAL error before the session starts, and closes c.
func refuse(c net.Conn, code, message string) {
	msg, err := (&pgproto3.ErrorResponse{Severity: "FATAL", SeverityUnlocalized: "FATAL", Code: code, Message: message}).Encode(nil)
	if err == nil {
		c.Write(msg)
	}
	c.Close()
}
