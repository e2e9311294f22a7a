package report

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless-capable Chromium, skipping the test when there
// is none, except under CI, where .ci/run installs Debian's.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: CI must run the report in a real browser (.ci/run installs Debian's chromium)")
	}
	t.Skip("no chromium on PATH: install it (apt-get install chromium) to open the report in a browser")
	return ""
}

// runChromium runs headless Chromium on a page with everything that could
// reach the network turned off, and returns stdout and the log.
func runChromium(t *testing.T, bin string, args ...string) (stdout, log string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), errOut.String()
}

// TestReportOpensInChromium opens the golden report in headless Chromium:
// it must render the KPI table, log nothing to the console (no script
// errors; the page has no script at all) and print to a PDF of several A4
// pages.
func TestReportOpensInChromium(t *testing.T) {
	bin := chromium(t)
	page, _ := goldenPage(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path

	dom, log := runChromium(t, bin, "--dump-dom", url)
	for _, want := range []string{`<table class="kpis">`, `data-kpi="LAC_REVIEWS_ON_TIME"`, "Executive summary", "<svg"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(dom), "<script") {
		t.Error("rendered page has a script element")
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "net::ERR_") {
			t.Errorf("browser console: %s", line)
		}
	}

	pdf := filepath.Join(dir, "report.pdf")
	runChromium(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, url)
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatal("print to PDF did not write a PDF")
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
	if pages < 4 {
		t.Errorf("printed report has %d pages, want the cover and summary, KPIs, figures and appendix on separate pages", pages)
	}
	// A4 is 595 × 842 points.
	box := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`).FindSubmatch(data)
	if box == nil {
		t.Fatal("no page size in the PDF")
	}
	w, _ := strconv.ParseFloat(string(box[1]), 64)
	h, _ := strconv.ParseFloat(string(box[2]), 64)
	if math.Abs(w-595.3) > 1 || math.Abs(h-841.9) > 1 {
		t.Errorf("printed page is %.1f × %.1f points, want A4 (595 × 842)", w, h)
	}
}
