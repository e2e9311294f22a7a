package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestExampleConfigDocumentsEveryKey keeps carewh.example.yaml valid and
// complete: it loads, and names every key the Config type has.
func TestExampleConfigDocumentsEveryKey(t *testing.T) {
	if _, err := Load("carewh.example.yaml"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("carewh.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range yamlKeys(reflect.TypeOf(Config{})) {
		if !strings.Contains(string(data), key+":") {
			t.Errorf("carewh.example.yaml does not document %q", key)
		}
	}
}

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if name == "" {
			continue
		}
		keys = append(keys, name)
		switch {
		case f.Type.Kind() == reflect.Struct:
			keys = append(keys, yamlKeys(f.Type)...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			keys = append(keys, yamlKeys(f.Type.Elem())...)
		}
	}
	return keys
}
