package schedule

import (
	"context"
	"testing"
	"time"

	"carewh/config"
	"carewh/pipelines/lake"
)

func TestPreviousTick(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, london)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		schedule, now, want string
	}{
		{"30 2 * * *", "2026-03-10 09:00:00", "2026-03-10 02:30:00"},
		{"30 2 * * *", "2026-03-10 02:29:59", "2026-03-09 02:30:00"},
		{"30 2 * * *", "2026-03-10 02:30:00", "2026-03-10 02:30:00"}, // the tick firing now
		{"30 2 * * *", "2026-07-10 09:00:00", "2026-07-10 02:30:00"}, // British Summer Time: 01:30 UTC
		{"@weekly", "2026-03-11 12:00:00", "2026-03-08 00:00:00"},
		{"0 9-17/2 * * 1-5", "2026-03-09 08:00:00", "2026-03-06 17:00:00"}, // Monday morning: Friday's last
		{"0 0 1 1 *", "2026-03-10 09:00:00", "2026-01-01 00:00:00"},
	} {
		s, err := config.ParseSchedule(config.Pipeline{Schedule: c.schedule, TimeZone: "Europe/London"})
		if err != nil {
			t.Fatal(err)
		}
		if got := previousTick(s, at(c.now)); !got.Equal(at(c.want)) {
			t.Errorf("previousTick(%q, %s) = %s, want %s", c.schedule, c.now, got.In(london), c.want)
		}
	}
	every, _ := config.ParseSchedule(config.Pipeline{Schedule: "@every 4h", TimeZone: "Europe/London"})
	if got := previousTick(every, at("2026-03-10 09:00:00")); !got.Equal(at("2026-03-10 05:00:00")) {
		t.Errorf("@every 4h: previous tick %s", got)
	}
	secs, _ := secondsParser.Parse("*/10 * * * * *")
	if got := previousTick(secs, at("2026-03-10 09:00:25")); !got.Equal(at("2026-03-10 09:00:20")) {
		t.Errorf("every 10 seconds: previous tick %s", got)
	}
}

// TestCatchUpAfterMissedWindow: serve starting after a pipeline missed its
// schedule runs it once, straight away, for its latest tick, however many ticks
// it missed; a pipeline that ran after its latest tick is left alone.
func TestCatchUpAfterMissedWindow(t *testing.T) {
	// 10:00 BST; the nightly's latest tick was 02:30 BST, 01:30 UTC.
	now := time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC)
	tick := time.Date(2026, 7, 10, 1, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name        string
		lastSuccess time.Time // zero: never
		catchUp     bool
	}{
		{"missed two nights", time.Date(2026, 7, 8, 1, 30, 5, 0, time.UTC), true},
		{"never ran", time.Time{}, true},
		{"ran after its latest tick", time.Date(2026, 7, 10, 1, 30, 2, 0, time.UTC), false},
		{"ran by hand since", time.Date(2026, 7, 10, 8, 0, 0, 0, time.UTC), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(t, "pipelines:\n  - name: nightly\n    schedule: \"30 2 * * *\"\n")
			if !c.lastSuccess.IsZero() {
				recordSuccess(t, cfg, "nightly", c.lastSuccess)
			}
			fake := &fakeRuns{cfg: cfg}
			r := startDaemon(t, Options{Config: cfg, Run: fake.run, Now: func() time.Time { return now }})
			if c.catchUp {
				eventually(t, 5*time.Second, "the catch-up run", func() bool { return len(fake.Calls()) > 0 })
			}
			time.Sleep(300 * time.Millisecond) // time for a second run, which must not come
			r.stop()
			calls := fake.Calls()
			if !c.catchUp {
				if len(calls) != 0 {
					t.Errorf("caught up needlessly: %+v", calls)
				}
				return
			}
			if len(calls) != 1 {
				t.Fatalf("%d runs, want one catch-up", len(calls))
			}
			if calls[0].Trigger != lake.TriggerCatchUp || !calls[0].ScheduledAt.Equal(tick) {
				t.Errorf("catch-up requested as %+v, want trigger catch-up for %s", calls[0], tick)
			}
			mustContain(t, "log", r.logs.String(), "catching up")
		})
	}
}

// TestCatchUpRunsPipelinesInTurn: two pipelines that both missed their
// ticks catch up one after the other, never together.
func TestCatchUpRunsPipelinesInTurn(t *testing.T) {
	cfg := testConfig(t, `pipelines:
  - name: nightly
    schedule: "30 2 * * *"
  - name: board-weekly
    schedule: "@weekly"
`)
	fake := &fakeRuns{cfg: cfg, do: func(context.Context, Request, int) error {
		time.Sleep(100 * time.Millisecond)
		return nil
	}}
	startDaemon(t, Options{Config: cfg, Run: fake.run})
	eventually(t, 5*time.Second, "both catch-ups", func() bool { return len(fake.Calls()) == 2 })
	if fake.MaxActive() != 1 {
		t.Errorf("%d runs wrote at once", fake.MaxActive())
	}
}
