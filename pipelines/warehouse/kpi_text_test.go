package warehouse

import (
	"regexp"
	"strings"
	"testing"

	"carewh/config"
	sqlfiles "carewh/sql"
)

// configKey is how a config key looks in text: adoption.a3_wait_days.
var configKey = regexp.MustCompile(`\b[a-z]+\.[a-z0-9]+_[a-z0-9_]+\b`)

// TestKPIWordingQuotesSettingsNotKeys: every built-in KPI's wording fills
// in with the council's settings and then shows no config key and no
// placeholder; a changed setting shows its new value.
func TestKPIWordingQuotesSettingsNotKeys(t *testing.T) {
	kpis, err := LoadKPIs(sqlfiles.Files)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Adoption.A3WaitDays = 400
	settings := kpiSettings(cfg)
	quoted := 0
	for _, k := range kpis {
		if settingPlaceholder.MatchString(k.Definition) {
			quoted++
		}
		filled, err := withSettings(k, settings)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{filled.Name, filled.Definition, filled.Numerator, filled.Denominator} {
			if strings.ContainsAny(text, "{}") || configKey.MatchString(text) {
				t.Errorf("%s shows a setting's key: %s", k.Code, text)
			}
		}
		if k.Code == "ADOPTION_A3_WITHIN_14_MONTHS" && !strings.Contains(filled.Definition, "less than 400 days") {
			t.Errorf("A3 does not quote the council's wait: %s", filled.Definition)
		}
	}
	if quoted == 0 {
		t.Error("no KPI quotes a setting: the test checks nothing")
	}
	if _, err := withSettings(KPIDefinition{Code: "X", Definition: "over {tracker.no_such_days} days"}, settings); err == nil {
		t.Error("a placeholder naming no setting was accepted")
	}
}
