package pgwire

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"carewh/config"
	"carewh/pipelines"
	"carewh/pipelines/key"
	"carewh/publish/internal/testwarehouse"
	sqlfiles "carewh/sql"
)

// TestClientsReadThroughSwaps: 20 clients query without pause while two
// runs, each with a review fewer in the source, swap the warehouse. No
// query fails, every result is the answer of one of the three warehouses,
// and once the runs are done every client's next query sees the last.
func TestClientsReadThroughSwaps(t *testing.T) {
	src := t.TempDir()
	golden := "../../testdata/golden/permanence_tracker/source"
	entries, err := os.ReadDir(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		data, err := os.ReadFile(filepath.Join(golden, en.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, en.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := testwarehouse.Build(t, src, "2024-06-30", "")
	e := startEndpointOn(t, cfg)
	const query = "SELECT count(*) || '/' || count(*) FILTER (WHERE on_time) FROM marts.lac_review_timeliness"
	answers := []string{answer(t, e, query)}

	var mu sync.Mutex
	seen, last := map[string]int{}, map[string]int{}
	var failures []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 20 {
		conn := e.connect(t, "analyst", analystPassword)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for stopping := false; !stopping; {
				select {
				case <-stop:
					stopping = true // one more query, after the last swap
				case <-time.After(2 * time.Millisecond):
				}
				var got string
				err := conn.QueryRow(context.Background(), query).Scan(&got)
				mu.Lock()
				if err != nil {
					failures = append(failures, fmt.Sprintf("client %d: %v", i, err))
				}
				seen[got]++
				if stopping {
					last[got]++
				}
				mu.Unlock()
			}
		}()
	}
	reviews := filepath.Join(src, "ssd_cla_reviews.csv")
	for _, line := range []string{"RT09-3,E09B,CLA09,,2024-03-27,PN6\n", "RT09-2,E09A,CLA09,,2023-09-28,PN5\n"} {
		data, _ := os.ReadFile(reviews)
		if !strings.Contains(string(data), line) {
			t.Fatalf("the fixture lacks %q", line)
		}
		os.WriteFile(reviews, []byte(strings.Replace(string(data), line, "", 1)), 0o644)
		runOnce(t, cfg)
		answers = append(answers, answer(t, e, query))
	}
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d queries failed while the warehouse was swapped, e.g. %s", len(failures), failures[0])
	}
	if answers[0] == answers[1] || answers[1] == answers[2] {
		t.Fatalf("the runs did not change the answer: %v", answers)
	}
	for got, n := range seen {
		if got != answers[0] && got != answers[1] && got != answers[2] {
			t.Errorf("%d queries answered %q, which no warehouse holds (%v)", n, got, answers)
		}
	}
	if last[answers[2]] != 20 {
		t.Errorf("after the last swap the clients' next queries answered %v, want %s from all 20", last, answers[2])
	}
	t.Logf("answers %v seen %v", answers, seen)
}

// answer runs query on a new connection.
func answer(t *testing.T, e *endpoint, query string) string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), e.url("analyst", analystPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var got string
	if err := conn.QueryRow(context.Background(), query).Scan(&got); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestLedgerSeenWithoutSwap: a run that finds no change writes only the
// run ledger beside the warehouse; a connection open on the warehouse
// since before sees the new run in ops.runs at its next query.
func TestLedgerSeenWithoutSwap(t *testing.T) {
	cfg := testwarehouse.Build(t, "../../testdata/golden/permanence_tracker/source", "2024-06-30", "# ledger test\n")
	e := startEndpointOn(t, cfg)
	conn := e.connect(t, "auditor", auditorPassword)
	runs := func() int64 {
		var n int64
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM ops.runs").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before, file := runs(), statFile(t, cfg.WarehousePath())
	runOnce(t, cfg)
	if after := runs(); after != before+1 || !os.SameFile(file, statFile(t, cfg.WarehousePath())) {
		t.Errorf("after a no-change run ops.runs has %d runs, had %d; warehouse file replaced: %v",
			after, before, !os.SameFile(file, statFile(t, cfg.WarehousePath())))
	}
}

// runOnce runs the pipeline on cfg.
func runOnce(t *testing.T, cfg *config.Config) {
	t.Helper()
	getenv := func(n string) string {
		if n == key.EnvHMACKey {
			return testwarehouse.Key
		}
		return ""
	}
	if _, err := (&pipelines.Runner{Config: cfg, Models: sqlfiles.Files, Getenv: getenv}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func statFile(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}
