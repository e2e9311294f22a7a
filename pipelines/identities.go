package pipelines

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"carewh/config"
	"carewh/pipelines/identify"
	"carewh/pipelines/sources"
	"carewh/transforms"
)

// Identities finds who the wanted pseudonyms stand for, reading the
// configured source now (not the lake, which holds no ids or names) with
// the lake's key: without that key, or with another, it refuses. What it
// reads stays in memory.
func Identities(ctx context.Context, cfg *config.Config, getenv func(string) string, log *slog.Logger,
	want identify.Want) (*identify.Found, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	key, err := lakeKey(cfg, getenv, log)
	if err != nil {
		return nil, fmt.Errorf("re-identifying needs the key the lake was built with: %w", err)
	}
	p, err := transforms.NewPseudonymiser(key)
	if err != nil {
		return nil, err
	}
	kind := cfg.Source.Kind
	if kind == config.SourceSynthetic {
		// Read the council a run generated; never generate one here.
		if _, err := os.Stat(cfg.Source.Path); err != nil {
			return nil, fmt.Errorf("the synthetic case system is not there to re-identify from: %w", err)
		}
	}
	// The source's own messages (columns it does not read) are for runs.
	quiet := slog.New(slog.DiscardHandler)
	src, err := sources.Open(ctx, sources.Env{Mem: memory.DefaultAllocator, Config: cfg, AsOf: time.Now(), Getenv: getenv, Log: quiet, Existing: true})
	if err != nil {
		return nil, fmt.Errorf("opening the source to re-identify from: %w", err)
	}
	defer src.Close()
	start := time.Now()
	found, err := identify.Lookup(ctx, src, p, want, identify.Options{Names: sources.HasNames(kind)})
	if err != nil {
		return nil, fmt.Errorf("re-identifying from the source: %w", err)
	}
	log.InfoContext(ctx, "re-identified from the source", "source", kind, "read", found.Origins,
		"children", len(found.Children), "of", len(want.Children), "staff", len(found.Staff), "of_staff", len(want.Staff),
		"duration_seconds", time.Since(start).Seconds())
	return found, nil
}
