package config

import (
	"os"
	"testing"
)

// FuzzParse: the config loader never panics, whatever the YAML (aliases,
// anchors, wrong types, huge numbers, tabs), and a config it accepts is
// one it accepts again.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"carewh.example.yaml", "default.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"version: 1\ndata_dir: /tmp/x\nsource:\n  kind: ssdcsv\n  path: /tmp/src\nreporting:\n  as_of: \"2024-06-30\"\nduckdb:\n  memory_limit: 1GB\n",
		"version: 1\nsource: {kind: synthetic}\n",
		"version: 2\n",
		"version: x\n",
		"",
		"version: 1\nfoo: bar\n",
		"version: 1\nduckdb:\n  memory_limit: -1GB\n",
		"version: 1\npipelines:\n  - name: a\n    schedule: \"* * * * * * *\"\n",
		"a: &a [*a, *a]\nversion: 1\n",
		"version: 1\ndata_dir: *x\n",
		"version: 1\nreporting:\n  as_of: 2024-02-30\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		c, err := parse(data, "fuzz.yaml")
		if err != nil {
			return
		}
		if c == nil {
			t.Fatal("no config and no error")
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("accepted, then invalid: %v", err)
		}
	})
}
