package pgwire

import (
	"database/sql"
	"os"
	"sync"
)

// snapshots hands out the warehouse as it is when a query starts. A run
// swaps a new file in by rename; the next query after that opens the new
// file in a database instance of its own, while queries already running
// finish on the old one, which closes when its last query ends.
type snapshots struct {
	path string
	open func() (*sql.DB, error)

	mu  sync.Mutex
	cur *snapshot
}

// snapshot is one warehouse file, open, and the queries using it.
type snapshot struct {
	db      *sql.DB
	file    os.FileInfo
	users   int
	retired bool
}

// acquire returns the current warehouse; release it when done.
func (s *snapshots) acquire() (*snapshot, error) {
	info, err := os.Stat(s.path)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || !os.SameFile(s.cur.file, info) {
		db, err := s.open()
		if err != nil {
			return nil, err
		}
		if old := s.cur; old != nil {
			old.retired = true
			if old.users == 0 {
				old.db.Close()
			}
		}
		s.cur = &snapshot{db: db, file: info}
	}
	s.cur.users++
	return s.cur, nil
}

// release ends a query's use of snap.
func (s *snapshots) release(snap *snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap.users--
	if snap.retired && snap.users == 0 {
		snap.db.Close()
	}
}

// close closes the current warehouse.
func (s *snapshots) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		s.cur.retired = true
		if s.cur.users == 0 {
			s.cur.db.Close()
		}
		s.cur = nil
	}
}
