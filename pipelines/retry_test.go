package pipelines

import (
	"carewh/pipelines/lock"
	"carewh/pipelines/warehouse"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
)

type pgError struct{ state string }

func (e pgError) Error() string    { return "ERROR: something (SQLSTATE " + e.state + ")" }
func (e pgError) SQLState() string { return e.state }

type mssqlError struct{ number int32 }

func (e mssqlError) Error() string         { return fmt.Sprintf("mssql: error %d", e.number) }
func (e mssqlError) SQLErrorNumber() int32 { return e.number }

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestIsTransient(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("opening source: %w", refused), true},
		{"network timeout", fmt.Errorf("reading table: %w", timeoutError{}), true},
		{"context deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), true},
		{"postgres deadlock", fmt.Errorf("reading cla_reviews: %w", pgError{"40P01"}), true},
		{"postgres lock not available", pgError{"55P03"}, true},
		{"postgres connection failure", pgError{"08006"}, true},
		{"postgres starting up", pgError{"57P03"}, true},
		{"postgres missing table", pgError{"42P01"}, false},
		{"postgres bad password", pgError{"28P01"}, false},
		{"sql server deadlock victim", mssqlError{1205}, true},
		{"sql server lock timeout", mssqlError{1222}, true},
		{"sql server bad object", mssqlError{208}, false},
		{"held lock", &lock.HeldError{Path: "carewh.lock"}, true},
		{"deadlock in text only", errors.New("driver: deadlock detected"), true},
		{"cancelled", fmt.Errorf("building: %w", errors.Join(context.Canceled, refused)), false},
		{"model failure", &warehouse.ModelFailure{Model: "marts.x", Err: errors.New("check failed")}, false},
		{"model failure over a timeout", &warehouse.ModelFailure{Model: "marts.x", Err: timeoutError{}}, false},
		{"config problem", errors.New("targets.NOPE: no such KPI"), false},
		{"missing file", fmt.Errorf("opening ssd_person.csv: %w", os.ErrNotExist), false},
		{"nil", nil, false},
	} {
		if got := IsTransient(c.err); got != c.want {
			t.Errorf("%s: IsTransient(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
