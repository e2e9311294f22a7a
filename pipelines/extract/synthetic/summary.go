package synthetic

// Summary says what WriteDir wrote.
type Summary struct {
	// Rows is the number of data rows (header excluded) by file stem, e.g.
	// "ssd_person". Duplicated rows (a fault) count twice.
	Rows map[string]int64
	// Faults is the number of injected faults by kind (the Fault
	// constants).
	Faults map[string]int64
}

// TotalRows is the number of data rows in all files.
func (s Summary) TotalRows() int64 {
	var n int64
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// TotalFaults is the number of injected faults of all kinds.
func (s Summary) TotalFaults() int64 {
	var n int64
	for _, v := range s.Faults {
		n += v
	}
	return n
}
