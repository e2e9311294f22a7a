package config

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// keyProblems walks a config document against the Config type and reports
// each key the type does not have, as "line N: unknown key "x" (did you
// mean "y"?)", naming the key's path in the file. Unknown keys are found
// here rather than by the decoder so that they are reported together with
// every value error, in the file's words, not Go's.
func keyProblems(doc *yaml.Node) []lineProblem {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	var out []lineProblem
	walkKeys(doc, reflect.TypeOf(Config{}), "", &out)
	return out
}

// lineProblem is a problem found at a line of the config file.
type lineProblem struct {
	line    int
	key     string // the key's path, when known
	msg     string
	wrapped error // the validation error it adds a line to, if any
}

func (p lineProblem) Unwrap() error { return p.wrapped }

func (p lineProblem) Error() string {
	if p.line == 0 {
		return p.msg
	}
	return fmt.Sprintf("line %d: %s", p.line, p.msg)
}

func walkKeys(n *yaml.Node, t reflect.Type, path string, out *[]lineProblem) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	// An alias is not followed: its anchor's keys are checked where the
	// anchor is written, and following aliases could take exponential time.
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i], n.Content[i+1]
			if key.Value == "<<" {
				walkKeys(value, t, path, out)
				continue
			}
			ft, ok := fields[key.Value]
			if !ok {
				*out = append(*out, lineProblem{line: key.Line, key: join(path, key.Value),
					msg: fmt.Sprintf("unknown key %q%s", join(path, key.Value), suggestion(key.Value, fields))})
				continue
			}
			walkKeys(value, ft, join(path, key.Value), out)
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkKeys(n.Content[i+1], t.Elem(), join(path, n.Content[i].Value), out)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			walkKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// yamlFields maps a struct's YAML keys to their types, inline fields
// included.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for k, v := range yamlFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// suggestion is ` (did you mean "x"?)` for the known key nearest to key,
// when one is close enough to be a likely slip, else "".
func suggestion(key string, known map[string]reflect.Type) string {
	best, bestDist := "", len(key)/2+1
	for _, k := range slices.Sorted(maps.Keys(known)) {
		if d := editDistance(strings.ToLower(key), k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var (
	typeErrorLine = regexp.MustCompile(`^line (\d+): (.*)$`)
	cannotDecode  = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
	cannotNest    = regexp.MustCompile(`^cannot unmarshal !!(seq|map) into (\S+)$`)
)

// goTypeWords says in a config's words what a Go type holds.
var goTypeWords = map[string]string{
	"int": "a whole number", "int64": "a whole number", "float64": "a number", "bool": "true or false", "string": "text",
}

// typeProblems rewords the decoder's type errors ("line 3: cannot
// unmarshal !!str `April` into int") in the file's words, naming the key
// the line holds: line 3: reporting.year_start_month: "April" is not a
// whole number.
func typeProblems(err *yaml.TypeError, doc *yaml.Node) []lineProblem {
	keys := keyLines(doc)
	var out []lineProblem
	for _, e := range err.Errors {
		m := typeErrorLine.FindStringSubmatch(e)
		if m == nil {
			out = append(out, lineProblem{msg: e})
			continue
		}
		var line int
		fmt.Sscan(m[1], &line)
		msg := m[2]
		if c := cannotDecode.FindStringSubmatch(msg); c != nil {
			want, ok := goTypeWords[c[3]]
			switch {
			case ok:
				msg = fmt.Sprintf("%q is not %s", c[2], want)
			case strings.HasPrefix(c[3], "[]"):
				msg = fmt.Sprintf("%q is not a list", c[2])
			case strings.HasPrefix(c[3], "map["), strings.HasPrefix(c[3], "config."):
				msg = fmt.Sprintf("%q is not a set of keys and values", c[2])
			default:
				msg = fmt.Sprintf("%q is not a valid value here", c[2])
			}
		}
		if c := cannotNest.FindStringSubmatch(msg); c != nil {
			got := map[string]string{"seq": "a list", "map": "a set of keys and values"}[c[1]]
			if want, ok := goTypeWords[c[2]]; ok {
				msg = fmt.Sprintf("expected %s, got %s", want, got)
			} else {
				msg = fmt.Sprintf("%s is not allowed here", got)
			}
		}
		k := keys[line]
		if k != "" {
			msg = k + ": " + msg
		}
		out = append(out, lineProblem{line: line, key: k, msg: msg})
	}
	return out
}

// keyLines maps each line holding a key of the document to the key's path
// (the innermost key, where a line holds several; a list item only on a
// line with no key).
func keyLines(doc *yaml.Node) map[int]string {
	out := map[int]string{}
	eachKey(doc, "", func(path string, line int) {
		if _, taken := out[line]; taken && strings.HasSuffix(path, "]") {
			return
		}
		out[line] = path
	})
	return out
}

// keyPaths maps each key's path to its line.
func keyPaths(doc *yaml.Node) map[string]int {
	out := map[string]int{}
	eachKey(doc, "", func(path string, line int) { out[path] = line })
	return out
}

// eachKey calls f with the path and line of every key and list item of n.
func eachKey(n *yaml.Node, path string, f func(path string, line int)) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			eachKey(c, path, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := join(path, n.Content[i].Value)
			f(p, n.Content[i].Line)
			eachKey(n.Content[i+1], p, f)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			f(p, c.Line)
			eachKey(c, p, f)
		}
	}
}
