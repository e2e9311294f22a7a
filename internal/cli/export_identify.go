package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"carewh/config"
	"carewh/internal/atomicfile"
	"carewh/pipelines"
	"carewh/pipelines/identify"
	"carewh/pipelines/warehouse"
	"carewh/publish"
	"carewh/publish/tracker"
)

// identifyHelp is what --identify says in every export command.
const identifyHelp = "name the children, IROs and social workers (read from the source now, with the key); " +
	"the file is marked OFFICIAL-SENSITIVE and the export is logged in the disclosure log"

// checkIdentifiedFormat refuses a format an identified export is not
// written in.
func checkIdentifiedFormat(format string) error {
	if !slices.Contains(publish.IdentifiedFormats, format) {
		return usageError{fmt.Errorf("--identify writes %s, not %s: a file that names children is for people; BI tools get pseudonyms",
			strings.Join(publish.IdentifiedFormats, " or "), format)}
	}
	return nil
}

// identifiedExport is an identified table ready to write.
type identifiedExport struct {
	export, filter, format string
	rows                   int
	want                   identify.Want
	write                  func(*bytes.Buffer) error
}

// exportTrackerIdentified writes the tracker with its children, IROs and
// social workers named.
func exportTrackerIdentified(ctx context.Context, e *env, cfg *config.Config, opts tracker.Options, out string) error {
	if err := checkIdentifiedFormat(opts.Format); err != nil {
		return err
	}
	return withWarehouse(cfg, nil, func(db *sql.DB) error {
		runID, err := builtBy(db)
		if err != nil {
			return err
		}
		t, err := tracker.Read(ctx, db, opts.Filter)
		if err != nil {
			return err
		}
		want := publish.TrackerWant(t)
		found, err := pipelines.Identities(ctx, cfg, e.getenv, e.logger, want)
		if err != nil {
			return err
		}
		publish.IdentifyTracker(t, found, cfg.Source.Kind)
		x := identifiedExport{export: "marts.permanence_tracker", filter: trackerFilter(opts.Filter), format: opts.Format,
			rows: len(t.Rows), want: want, write: func(b *bytes.Buffer) error {
				if opts.Format == "csv" {
					return tracker.WriteCSV(b, t)
				}
				return tracker.WriteXLSX(b, t, opts.SheetPerTeam)
			}}
		return writeIdentified(e, cfg, out, x, runID, found)
	})
}

// exportMartIdentified writes one mart of children with them named.
func exportMartIdentified(ctx context.Context, e *env, cfg *config.Config, mart, format, out string) error {
	if err := checkIdentifiedFormat(format); err != nil {
		return err
	}
	return withWarehouse(cfg, nil, func(db *sql.DB) error {
		runID, err := builtBy(db)
		if err != nil {
			return err
		}
		t, err := publish.ReadMart(ctx, db, mart)
		if err != nil {
			return err
		}
		want := t.Want()
		found, err := pipelines.Identities(ctx, cfg, e.getenv, e.logger, want)
		if err != nil {
			return err
		}
		t.Identify(found, cfg.Source.Kind)
		x := identifiedExport{export: "marts." + mart, format: format, rows: len(t.Rows), want: want,
			write: func(b *bytes.Buffer) error {
				if format == "csv" {
					return t.WriteCSV(b)
				}
				return t.WriteXLSX(b)
			}}
		return writeIdentified(e, cfg, out, x, runID, found)
	})
}

func trackerFilter(f tracker.Filter) string {
	var parts []string
	if f.Team != "" {
		parts = append(parts, "team="+f.Team)
	}
	if f.IRO != "" {
		parts = append(parts, "iro="+f.IRO)
	}
	return strings.Join(parts, " ")
}

// writeIdentified renders the export, records it in the disclosure log,
// and only then releases it: to a private temporary file renamed into
// place, or to stdout. A disclosure that cannot be logged is not made.
func writeIdentified(e *env, cfg *config.Config, out string, x identifiedExport, runID string, found *identify.Found) error {
	var buf bytes.Buffer
	if err := x.write(&buf); err != nil {
		return fmt.Errorf("writing the identified %s: %w", x.export, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	d := whoRuns(e)
	d.Export, d.Filter, d.Format, d.Rows = x.export, x.filter, x.format, x.rows
	d.Children, d.Staff = len(found.Children), len(found.Staff)
	d.SHA256, d.RunID, d.Source = hex.EncodeToString(sum[:]), runID, cfg.Source.Kind
	logged := func() (string, error) {
		path, err := warehouse.AppendDisclosure(cfg, d)
		if err != nil {
			return "", fmt.Errorf("not exported: the disclosure could not be logged: %w", err)
		}
		return path, nil
	}
	var logPath string
	if out == "-" {
		d.Destination = "stdout"
		path, err := logged()
		if err != nil {
			return err
		}
		logPath = path
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	} else {
		abs, err := filepath.Abs(out)
		if err != nil {
			return err
		}
		d.Destination = abs
		tmp, err := atomicfile.TempName(abs)
		if err != nil {
			return err
		}
		if err := writePrivate(tmp, buf.Bytes()); err != nil {
			os.Remove(tmp)
			return err
		}
		if logPath, err = logged(); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := atomicfile.Commit(tmp, abs); err != nil {
			return err
		}
	}
	e.logger.Info("identified export written: "+publish.Marking, "export", x.export, "file", d.Destination, "rows", x.rows,
		"children_named", d.Children, "children_not_found", len(x.want.Children)-len(found.Children),
		"disclosure_log", logPath)
	return nil
}

// writePrivate writes data to a new owner-only file and syncs it.
func writePrivate(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, atomicfile.FileMode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// whoRuns says who is exporting, when and where, for the disclosure log.
func whoRuns(e *env) warehouse.Disclosure {
	d := warehouse.Disclosure{At: time.Now().UTC(), SudoUser: e.getenv("SUDO_USER")}
	if u, err := user.Current(); err == nil {
		d.User, d.UID = u.Username, u.Uid
	} else {
		d.User, d.UID = e.getenv("USER"), fmt.Sprint(os.Getuid())
	}
	d.Host, _ = os.Hostname()
	return d
}
