package transforms

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"carewh/canonical"
)

// errNotJSON marks a code list that looked like JSON but did not parse: a
// bad type, not an unknown code.
type errNotJSON struct{ error }

// toCodeList reads several codes: a JSON object whose true keys are the
// codes, as the SSD's care-plan JSON is ({"ADOPTION":"Y","RETURN6M":"N"}),
// or a list separated by commas, semicolons or bars. Every key must be a
// code, whatever its value; the result is sorted and without repeats.
func toCodeList(list, value string, mapper canonical.CodeMapper) ([]string, error) {
	var items []string
	chosen := map[string]bool{}
	if strings.HasPrefix(value, "{") {
		var obj map[string]any
		if err := json.Unmarshal([]byte(value), &obj); err != nil {
			return nil, errNotJSON{fmt.Errorf("%q is not valid JSON: %v", value, err)}
		}
		for k, v := range obj {
			items = append(items, k)
			chosen[k] = truthy(v)
		}
	} else {
		for _, item := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
			items = append(items, item)
			chosen[item] = true
		}
	}
	codes := make([]string, 0, len(items))
	for _, item := range items {
		code, err := canonical.CodeIn(list, strings.TrimSpace(item), mapper)
		if err != nil {
			return nil, err
		}
		if chosen[item] {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes), nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		b, err := parseBool(strings.TrimSpace(x))
		return err == nil && b
	}
	return false
}
