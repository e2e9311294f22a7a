// Package models reads carewh's SQL models: it parses each file's header
// (model, depends, materialize, description, checks), orders the models by
// what they depend on, and turns each check into the SQL that finds the
// rows breaking it. It runs no SQL itself: the warehouse does.
package models

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Model is one SQL model: a SELECT materialised as a table or view, with
// the checks to run after it; or a DuckDB macro that models share (its SQL
// is the parameter list and body: "(dob, on_date) AS …").
type Model struct {
	Name        string // schema.table
	File        string
	Depends     []string
	Materialize string // "table", "view" or "macro"
	Description string
	Checks      []Check
	SQL         string // the SELECT
	// Incremental is the column a table or view is keyed by for an
	// incremental build ("person_id": each row is worked out from the rows
	// of one child alone), or "" when the model says it is rebuilt whole
	// ("-- incremental: none, because …") or says nothing, which is
	// safe for any SQL. A view is never rebuilt, but one keyed by child
	// lets what reads it go by child too.
	Incremental string
	Declared    bool // whether the header said either
	// InSlices says a full build may build the table a slice of children
	// at a time ("-- build: in slices of children"), so that a model whose
	// joins and windows would spill to disk at national scale works on
	// rows that fit in memory. Only a table keyed by child can be.
	InSlices bool
}

// inSlicesHeader is the one value of a "build" header.
const inSlicesHeader = "in slices of children"

// IncrementalKey is the one key an incremental model can be keyed by: a
// run's changes are sets of children.
const IncrementalKey = "person_id"

// Load reads every .sql file under the staging, core, marts and ops
// folders of fsys and returns the models in dependency order (ties broken
// by name). external names the relations the loader creates before any
// model (raw.* and ops.*), which models may depend on.
func Load(fsys fs.FS, external []string) ([]Model, error) {
	var files []string
	for _, dir := range []string{"macros", "staging", "core", "marts", "ops"} {
		matches, err := fs.Glob(fsys, dir+"/*.sql")
		if err != nil {
			return nil, fmt.Errorf("listing models: %w", err)
		}
		files = append(files, matches...)
	}
	byName := make(map[string]Model, len(files))
	var errs []error
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("reading model %s: %w", file, err)
		}
		m, err := parseModel(file, string(data))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := byName[m.Name]; dup {
			errs = append(errs, fmt.Errorf("model %s is defined twice: in %s and %s", m.Name, prev.File, m.File))
			continue
		}
		byName[m.Name] = m
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return sortModels(byName, external)
}

// parseModel reads a model's header: "-- key: value" lines before the SQL.
func parseModel(file, text string) (Model, error) {
	m := Model{File: file, Materialize: "table"}
	var body strings.Builder
	inHeader := true
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		trimmed := strings.TrimSpace(raw)
		if inHeader && strings.HasPrefix(trimmed, "--") {
			key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(trimmed, "--")), ":")
			if !ok {
				continue // a plain comment
			}
			value = strings.TrimSpace(value)
			switch strings.TrimSpace(key) {
			case "model":
				m.Name = value
			case "depends":
				for _, d := range strings.Split(value, ",") {
					if d = strings.TrimSpace(d); d != "" {
						m.Depends = append(m.Depends, d)
					}
				}
			case "materialize":
				m.Materialize = value
			case "incremental":
				if err := m.parseIncremental(value); err != nil {
					return m, fmt.Errorf("%s line %d: %w", file, line, err)
				}
			case "build":
				if value != inSlicesHeader {
					return m, fmt.Errorf("%s line %d: build must be %q, got %q", file, line, inSlicesHeader, value)
				}
				m.InSlices = true
			case "description":
				m.Description = strings.TrimSpace(m.Description + " " + value)
			case "check", "warn":
				c, err := ParseCheck(value, strings.TrimSpace(key) == "warn")
				if err != nil {
					return m, fmt.Errorf("%s line %d: %w", file, line, err)
				}
				m.Checks = append(m.Checks, c)
			default:
				return m, fmt.Errorf("%s line %d: unknown header key %q (known: model, depends, materialize, incremental, build, description, check, warn)",
					file, line, strings.TrimSpace(key))
			}
			continue
		}
		if trimmed != "" {
			inHeader = false
		}
		body.WriteString(raw)
		body.WriteByte('\n')
	}
	m.SQL = strings.TrimRight(strings.TrimSpace(body.String()), ";")
	// A relationship check reads another model, which must be built first.
	for _, c := range m.Checks {
		if c.Kind == "relationship" {
			target := c.target[:strings.LastIndex(c.target, ".")]
			if !slices.Contains(m.Depends, target) {
				m.Depends = append(m.Depends, target)
			}
		}
	}
	switch {
	case m.Name == "":
		return m, fmt.Errorf("%s: header lacks '-- model: schema.name'", file)
	case strings.Count(m.Name, ".") != 1:
		return m, fmt.Errorf("%s: model name %q must be schema.name", file, m.Name)
	case m.Materialize != "table" && m.Materialize != "view" && m.Materialize != "macro":
		return m, fmt.Errorf("%s: materialize must be table, view or macro, got %q", file, m.Materialize)
	case (m.Materialize == "macro") != (path.Base(path.Dir(file)) == "macros"):
		return m, fmt.Errorf("%s: macros, and only macros, live in the macros folder (%s is materialized as a %s)", file, m.Name, m.Materialize)
	case m.Materialize != "macro" && path.Base(path.Dir(file)) != strings.Split(m.Name, ".")[0]:
		return m, fmt.Errorf("%s: model %s must live in the %s folder", file, m.Name, strings.Split(m.Name, ".")[0])
	case m.Materialize == "macro" && len(m.Checks) > 0:
		return m, fmt.Errorf("%s: macro %s has checks; a macro holds no rows to check", file, m.Name)
	case m.SQL == "":
		return m, fmt.Errorf("%s: model %s has no SQL", file, m.Name)
	case m.Materialize == "macro" && m.Declared:
		return m, fmt.Errorf("%s: only a table or view can be incremental; macro %s holds no rows", file, m.Name)
	case m.InSlices && (m.Materialize != "table" || m.Incremental == ""):
		return m, fmt.Errorf("%s: only a table keyed by child (-- incremental: %s) can be built in slices of children", file, IncrementalKey)
	case m.InSlices && !m.NamesEveryChild():
		// a row naming no child would be in no slice: the check makes it fail the build, as it would whole
		return m, fmt.Errorf("%s: a model built in slices of children needs the check not_null(%s)", file, IncrementalKey)
	}
	return m, nil
}

// NamesEveryChild reports whether m is keyed by child and a blocking
// check says every row names one (not_null on the key). Such a model's
// rows of a child come from that child's rows alone, and it has no row
// of no child, so rows of what it reads that name no child cannot change
// it.
func (m *Model) NamesEveryChild() bool {
	if m.Incremental == "" {
		return false
	}
	for _, c := range m.Checks {
		if c.Kind == "not_null" && c.Blocking && slices.Contains(c.columns, m.Incremental) {
			return true
		}
	}
	return false
}

// parseIncremental reads an "incremental" header: the key, or "none"
// with the reason the model is rebuilt whole.
func (m *Model) parseIncremental(value string) error {
	m.Declared = true
	switch {
	case value == IncrementalKey:
		m.Incremental = IncrementalKey
	case strings.HasPrefix(value, "none,") && strings.TrimSpace(strings.TrimPrefix(value, "none,")) != "":
		m.Incremental = ""
	default:
		return fmt.Errorf("incremental must be %q or \"none, <why the model is rebuilt whole>\", got %q", IncrementalKey, value)
	}
	return nil
}

// sortModels orders models so each comes after what it depends on, ties
// broken by name; a missing dependency or a cycle is an error naming the
// models involved.
func sortModels(byName map[string]Model, external []string) ([]Model, error) {
	var errs []error
	for _, name := range sortedNames(byName) {
		for _, d := range byName[name].Depends {
			if _, ok := byName[d]; !ok && !slices.Contains(external, d) {
				errs = append(errs, fmt.Errorf("model %s (%s) depends on %s, which is no model", name, byName[name].File, d))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	indegree := make(map[string]int, len(byName))
	dependents := make(map[string][]string)
	for name, m := range byName {
		for _, d := range m.Depends {
			if _, ok := byName[d]; ok {
				indegree[name]++
				dependents[d] = append(dependents[d], name)
			}
		}
	}
	var ready, order []string
	for _, name := range sortedNames(byName) {
		if indegree[name] == 0 {
			ready = append(ready, name)
		}
	}
	for len(ready) > 0 {
		slices.Sort(ready)
		name := ready[0]
		ready = ready[1:]
		order = append(order, name)
		for _, next := range dependents[name] {
			if indegree[next]--; indegree[next] == 0 {
				ready = append(ready, next)
			}
		}
	}
	if len(order) < len(byName) {
		var stuck []string
		for _, name := range sortedNames(byName) {
			if indegree[name] > 0 {
				stuck = append(stuck, name)
			}
		}
		return nil, fmt.Errorf("models depend on each other in a cycle: %s", strings.Join(cycleOf(byName, stuck), " → "))
	}
	models := make([]Model, len(order))
	for i, name := range order {
		models[i] = byName[name]
	}
	return models, nil
}

// cycleOf walks dependencies among the stuck models until one repeats, and
// returns that cycle (first member repeated at the end).
func cycleOf(byName map[string]Model, stuck []string) []string {
	inStuck := make(map[string]bool, len(stuck))
	for _, s := range stuck {
		inStuck[s] = true
	}
	seenAt := map[string]int{}
	var walk []string
	cur := stuck[0]
	for {
		if i, ok := seenAt[cur]; ok {
			return append(walk[i:], cur)
		}
		seenAt[cur] = len(walk)
		walk = append(walk, cur)
		next := ""
		for _, d := range byName[cur].Depends {
			if inStuck[d] {
				next = d
				break
			}
		}
		if next == "" {
			return stuck
		}
		cur = next
	}
}

func sortedNames(byName map[string]Model) []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
