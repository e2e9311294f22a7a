package config

import (
	"strings"
	"testing"
	"time"
)

func TestPipelinesServeRetryDefaults(t *testing.T) {
	c, err := load(t, `version: 1
pipelines:
  - name: nightly
    schedule: "30 2 * * *"
  - name: tracker-intraday
    schedule: "0 9-17/2 * * 1-5"
    time_zone: UTC
  - name: board-weekly
    schedule: "@weekly"
    freshness: 192h
  - name: every-four-hours
    schedule: "@every 4h"
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []struct {
		name      string
		got, want any
	}{
		// Daily at 02:30 London: the longest gap is 25h, at the autumn clock change.
		{"nightly time zone", c.Pipelines[0].TimeZone, "Europe/London"},
		{"nightly freshness", c.Pipelines[0].FreshnessDuration(), 50 * time.Hour},
		// Weekdays 09:00–17:00 UTC: Friday 17:00 to Monday 09:00 is 64h.
		{"tracker freshness", c.Pipelines[1].FreshnessDuration(), 128 * time.Hour},
		{"tracker location", c.Pipelines[1].Location(), time.UTC},
		{"board freshness", c.Pipelines[2].FreshnessDuration(), 192 * time.Hour},
		{"every 4h freshness", c.Pipelines[3].FreshnessDuration(), 8 * time.Hour},
		{"serve.listen", c.Serve.Listen, "127.0.0.1:8089"},
		{"serve.grace_period", c.Serve.GraceDuration(), 5 * time.Minute},
		{"serve.lock_wait", c.Serve.LockWaitDuration(), 10 * time.Minute},
		{"retry.attempts", c.Retry.Attempts, 4},
		{"retry.initial_backoff", c.Retry.InitialBackoffDuration(), time.Minute},
		{"retry.max_backoff", c.Retry.MaxBackoffDuration(), 15 * time.Minute},
		{"retry.deadline", c.Retry.DeadlineDuration(), 2 * time.Hour},
	} {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	if _, err := ParseSchedule(c.Pipelines[0]); err != nil {
		t.Error(err)
	}
}

func TestPipelinesServeRetryErrorsNameTheirPaths(t *testing.T) {
	_, err := load(t, `version: 1
pipelines:
  - name: Nightly
    schedule: "30 2 * * *"
  - name: tracker
    schedule: "61 2 * * *"
  - name: tracker
    schedule: "CRON_TZ=UTC 0 2 * * *"
  - name: board
    schedule: "@weekly"
    time_zone: Europe/Londres
    freshness: -1h
  - schedule: ""
serve:
  listen: 0.0.0.0:8089
  grace_period: soon
  lock_wait: -1s
retry:
  attempts: -1
  initial_backoff: 10m
  max_backoff: 1m
  deadline: 0s
`)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`pipelines[0].name: must be lower case`,
		`pipelines[1].schedule: end of range (61) above maximum (59)`,
		`pipelines[2].name: "tracker" is also the name of pipelines[1]`,
		`pipelines[2].schedule: name the time zone in time_zone`,
		`pipelines[3].time_zone: unknown time zone "Europe/Londres"`,
		`pipelines[3].freshness: must be a positive duration`,
		`pipelines[4].name: is required`,
		`pipelines[4].schedule: is required`,
		`serve.listen: must be a loopback address`,
		`serve.grace_period: must be a duration`,
		`serve.lock_wait: must be a duration`,
		`retry.attempts: must be at least 1`,
		`retry.max_backoff: must not be shorter than retry.initial_backoff`,
		`retry.deadline: must be a positive duration`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	for _, listen := range []string{"localhost:8089", "[::1]:8089", "127.0.0.2:9000"} {
		if _, err := load(t, "version: 1\nserve:\n  listen: \""+listen+"\"\n"); err != nil {
			t.Errorf("serve.listen %s: %v", listen, err)
		}
	}
	for _, listen := range []string{":8089", "192.168.1.10:8089", "8089"} {
		if _, err := load(t, "version: 1\nserve:\n  listen: \""+listen+"\"\n"); err == nil || !strings.Contains(err.Error(), "serve.listen") {
			t.Errorf("serve.listen %s accepted", listen)
		}
	}
}
