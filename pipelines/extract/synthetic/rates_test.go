package synthetic

import (
	"slices"
	"testing"
	"time"
)

// TestRates parses the scale-1 output back and checks that it looks like
// the council it models.
func TestRates(t *testing.T) {
	dir, _ := scaleOne(t)
	date := func(s string) (time.Time, bool) { return parseStyled(s) }

	// Periods of care and who is looked after on AsOf.
	_, episodes := readCSV(t, dir, fileEpisodes)
	entered := map[string]time.Time{}
	lookedAfter := map[string]bool{}
	for _, e := range episodes {
		if d, ok := date(e["clae_entered_care_date"]); ok {
			entered[e["clae_cla_id"]] = d
		}
		start, ok := date(e["clae_cla_episode_start_date"])
		if !ok || start.After(asOf) {
			continue
		}
		end, ok := date(e["clae_cla_episode_ceased"])
		if e["clae_cla_episode_ceased"] == "" || (ok && end.After(asOf)) {
			lookedAfter[e["clae_person_id"]] = true
		}
	}
	if n := len(lookedAfter); n < 1700 || n > 2300 {
		t.Errorf("%d children looked after on %s, want 1,700-2,300", n, asOf.Format(time.DateOnly))
	} else {
		t.Logf("%d children looked after on AsOf", n)
	}

	// Children on CP plans on AsOf.
	_, plans := readCSV(t, dir, fileCPPlans)
	onPlan := map[string]bool{}
	for _, p := range plans {
		start, ok := date(p["cppl_cp_plan_start_date"])
		if !ok || start.After(asOf) {
			continue
		}
		if end, ok := date(p["cppl_cp_plan_end_date"]); p["cppl_cp_plan_end_date"] == "" || (ok && end.After(asOf)) {
			onPlan[p["cppl_person_id"]] = true
		}
	}
	if n := len(onPlan); n < 900 || n > 1300 {
		t.Errorf("%d children on CP plans on AsOf, want 900-1,300", n)
	} else {
		t.Logf("%d children on CP plans on AsOf", n)
	}

	// IROs.
	_, staff := readCSV(t, dir, fileProfessionals)
	iros := 0
	for _, p := range staff {
		if p["prof_professional_job_title"] == titleIRO && p["prof_active_flag"] == "Y" {
			iros++
		}
	}
	if iros < 45 || iros > 55 {
		t.Errorf("%d active IROs, want 45-55", iros)
	} else {
		t.Logf("%d active IROs", iros)
	}

	// LAC review timeliness: each held review against reg 33, worked out
	// from the reviews held (not cancelled, not faulty).
	_, reviews := readCSV(t, dir, fileReviews)
	held := map[string][]time.Time{}
	seen := map[string]bool{}
	for _, r := range reviews {
		if seen[r["clar_cla_review_id"]] || r["clar_cla_review_cancelled"] == "Y" {
			continue
		}
		seen[r["clar_cla_review_id"]] = true
		day, ok := date(r["clar_cla_review_date"])
		start, known := entered[r["clar_cla_id"]]
		if !ok || !known || day.Before(start) {
			continue
		}
		held[r["clar_cla_id"]] = append(held[r["clar_cla_id"]], day)
	}
	windowStart := asOf.AddDate(-historyYears, 0, 0)
	onTime, total := 0, 0
	for cla, days := range held {
		slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
		var prev time.Time
		for i, d := range days {
			if !d.Before(windowStart) {
				total++
				if !d.After(reviewDue(i+1, entered[cla], prev)) {
					onTime++
				}
			}
			prev = d
		}
	}
	share := float64(onTime) / float64(total)
	if share < 0.88 || share > 0.98 {
		t.Errorf("%.3f of %d LAC reviews on time, want 0.88-0.98", share, total)
	} else {
		t.Logf("%.3f of %d LAC reviews in the window on time", share, total)
	}
}
