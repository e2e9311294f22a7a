package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Units of marts.kpi_definitions.unit.
const (
	unitShare  = "share"
	unitPer100 = "per_100"
	unitDays   = "days"
	unitRatio  = "ratio"
)

// count prints a count with thousands separators; a fractional figure
// (such as FTE) keeps one decimal.
func count(v float64) string {
	if v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatInt(int64(v), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// shown rounds a KPI value to the precision it is shown at, so that
// comparisons agree with what the reader sees.
func shown(v float64, unit string) float64 {
	switch unit {
	case unitDays:
		return math.Round(v)
	case unitRatio:
		return math.Round(v*10) / 10
	default: // share and per_100 are shown ×100 to one decimal
		return math.Round(v*1000) / 10
	}
}

// formatValue shows a KPI value in its unit.
func formatValue(v float64, unit string) string {
	switch unit {
	case unitPer100:
		return fmt.Sprintf("%.1f per 100", shown(v, unit))
	case unitDays:
		return dayCount(shown(v, unit))
	case unitRatio:
		return fmt.Sprintf("%.1f", shown(v, unit))
	default:
		return fmt.Sprintf("%.1f%%", shown(v, unit))
	}
}

// formatTarget shows a target as a person writes it: 95%, not 95.0%.
func formatTarget(v float64, unit string) string {
	s := formatValue(v, unit)
	return strings.Replace(s, ".0", "", 1)
}

// formatDifference shows the size of a change between two shown values.
func formatDifference(diff float64, unit string) string {
	diff = math.Abs(diff)
	switch unit {
	case unitShare:
		return fmt.Sprintf("%.1f pts", diff)
	case unitPer100:
		return fmt.Sprintf("%.1f per 100", diff)
	case unitDays:
		return dayCount(diff)
	default:
		return fmt.Sprintf("%.1f", diff)
	}
}

// dayCount writes a number of days: "1 day", "0 days", "2.5 days", "1,096 days".
func dayCount(n float64) string {
	if n == 1 {
		return "1 day"
	}
	return count(n) + " days"
}

// percent shows a share as a percentage to one decimal.
func percent(v float64) string { return fmt.Sprintf("%.1f%%", math.Round(v*1000)/10) }

// longDate writes a date as the report's reader does: 31 March 2026.
func longDate(t time.Time) string { return t.Format("2 January 2006") }
