package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputDefaults(t *testing.T) {
	c, err := parse([]byte("version: 1\ndata_dir: /srv/carewh\nexports:\n  tracker_feed: {format: csv}\n"), "test")
	if err != nil {
		t.Fatal(err)
	}
	if c.Report.SuppressBelow != 5 || c.Report.Title != DefaultReportTitle {
		t.Errorf("report defaults: %+v", c.Report)
	}
	if c.Exports.Marts == nil || !*c.Exports.Marts {
		t.Error("exports.marts should default to true")
	}
	if want := filepath.Join("/srv/carewh", "exports", "marts"); c.MartExportDir() != want {
		t.Errorf("mart export dir %s, want %s", c.MartExportDir(), want)
	}
	if want := filepath.Join("/srv/carewh", "exports", "permanence-tracker.csv"); c.Exports.TrackerFeed.Path != want {
		t.Errorf("tracker feed path %s, want %s", c.Exports.TrackerFeed.Path, want)
	}
	c, err = parse([]byte("version: 1\nexports:\n  marts: false\n"), "test")
	if err != nil || *c.Exports.Marts {
		t.Errorf("exports.marts: false was not kept (%v)", err)
	}
}

func TestOutputValidation(t *testing.T) {
	_, err := parse([]byte(`version: 1
report:
  suppress_below: 1
exports:
  tracker_feed:
    format: pdf
    sheet_per_team: true
`), "test")
	for _, want := range []string{"report.suppress_below", "exports.tracker_feed.format", "exports.tracker_feed.sheet_per_team"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
	_, err = parse([]byte("version: 1\nexports:\n  tracker_feed:\n    path: x.xlsx\n"), "test")
	if err == nil || !strings.Contains(err.Error(), "exports.tracker_feed.path") {
		t.Errorf("a feed path without a format: %v", err)
	}
}
