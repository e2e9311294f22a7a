package synthetic

import (
	"slices"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	dir, sum := scaleOne(t)
	kinds := []string{
		FaultBlankRequiredDate, FaultUnknownCode, FaultUnmappedDescription, FaultExactDuplicate,
		FaultConflictingDuplicate, FaultCeasedBeforeStart, FaultReviewBeforeCare, FaultImpossibleDate,
	}
	for _, k := range kinds {
		if sum.Faults[k] == 0 {
			t.Errorf("no %s faults", k)
		}
	}
	for k := range sum.Faults {
		if !slices.Contains(kinds, k) && !slices.Contains(ConflictKinds, k) {
			t.Errorf("unexpected fault kind %q", k)
		}
	}
	share := float64(sum.TotalFaults()) / float64(sum.TotalRows())
	t.Logf("%d faults in %d rows (%.2f%%): %v", sum.TotalFaults(), sum.TotalRows(), 100*share, sum.Faults)
	if share < 0.005 || share > 0.02 {
		t.Errorf("faults are %.2f%% of rows, want 0.5-2%%", 100*share)
	}

	// The faults are visible in the files.
	_, episodes := readCSV(t, dir, fileEpisodes)
	seen := map[string]bool{}
	for _, e := range episodes {
		start, okStart := parseStyled(e["clae_cla_episode_start_date"])
		end, okEnd := parseStyled(e["clae_cla_episode_ceased"])
		if e["clae_cla_episode_start_date"] == "" {
			seen[FaultBlankRequiredDate] = true
		}
		if okStart && okEnd && end.Before(start) {
			seen[FaultCeasedBeforeStart] = true
		}
		if e["clae_cla_episode_ceased_reason"] == "Moved to Narnia" {
			seen[FaultUnmappedDescription] = true
		}
	}
	_, placements := readCSV(t, dir, filePlacements)
	for _, p := range placements {
		if _, err := time.Parse("02/01/2006", p["clap_cla_placement_start_date"]); err != nil {
			seen[FaultImpossibleDate] = true
		}
		if p["clap_cla_placement_type"] == "Q9" {
			seen[FaultUnknownCode] = true
		}
	}
	for _, k := range []string{FaultBlankRequiredDate, FaultCeasedBeforeStart, FaultUnmappedDescription, FaultImpossibleDate, FaultUnknownCode} {
		if !seen[k] {
			t.Errorf("no %s visible in the files", k)
		}
	}
}

func TestImpossibleDateKeepsStyle(t *testing.T) {
	r := newRand(1, 1, streamStyle)
	for _, s := range []string{"04/11/2023", "2023-11-04", "2023-11-04 10:30:00.000"} {
		got := impossibleDate(r, s)
		if len(got) != len(s) {
			t.Errorf("impossibleDate(%q) = %q: style changed", s, got)
		}
		if _, ok := parseStyled(got); ok {
			t.Errorf("impossibleDate(%q) = %q parses", s, got)
		}
	}
}
