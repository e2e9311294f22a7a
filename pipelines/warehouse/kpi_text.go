package warehouse

import (
	"fmt"
	"regexp"
	"strconv"

	"carewh/config"
)

// settingPlaceholder is how a KPI's wording quotes a local setting:
// {adoption.a3_wait_days}. The catalogue shows the setting's value, never
// its config key.
var settingPlaceholder = regexp.MustCompile(`\{([a-z0-9_]+\.[a-z0-9_]+)\}`)

// kpiSettings are the settings a KPI's wording may quote, by config key.
func kpiSettings(cfg *config.Config) map[string]string {
	return map[string]string{
		"adoption.a1_threshold_days": strconv.Itoa(cfg.Adoption.A1ThresholdDays),
		"adoption.a2_threshold_days": strconv.Itoa(cfg.Adoption.A2ThresholdDays),
		"adoption.a3_wait_days":      strconv.Itoa(cfg.Adoption.A3WaitDays),
		"iro.caseload_max":           strconv.Itoa(cfg.IRO.CaseloadMax),
	}
}

// withSettings returns the KPI with each {setting} in its wording replaced
// by the setting's value; a placeholder naming no setting is an error.
func withSettings(k KPIDefinition, settings map[string]string) (KPIDefinition, error) {
	var err error
	fill := func(text string) string {
		return settingPlaceholder.ReplaceAllStringFunc(text, func(m string) string {
			key := m[1 : len(m)-1]
			v, ok := settings[key]
			if !ok && err == nil {
				err = fmt.Errorf("KPI %s (%s) quotes {%s}, which is no setting a KPI may quote", k.Code, k.File, key)
			}
			return v
		})
	}
	k.Name, k.Definition, k.Numerator, k.Denominator = fill(k.Name), fill(k.Definition), fill(k.Numerator), fill(k.Denominator)
	return k, err
}
