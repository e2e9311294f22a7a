package transforms

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"carewh/canonical"
)

// CodeMapper maps a case system's description to a code of a list
// (config.CodeMappings is one).
type CodeMapper interface {
	Code(list, description string) (string, bool)
}

// toCode returns the code a value stands for: itself when it is a code of
// the list, else the code its description maps to.
func toCode(list, value string, mapper CodeMapper) (string, error) {
	if canonical.HasCode(list, value) {
		return canonical.Normalise(list, value), nil
	}
	if mapper != nil {
		if code, ok := mapper.Code(list, value); ok {
			return code, nil
		}
	}
	return "", fmt.Errorf("%q is not a %s code and no mapping in config turns it into one", value, list)
}

// toCodeList reads several codes: a JSON object whose true keys are the
// codes, as the SSD's care-plan JSON is ({"ADOPTION":"Y","RETURN6M":"N"}),
// or a list separated by commas, semicolons or bars.
func toCodeList(list, value string, mapper CodeMapper) ([]string, error) {
	var items []string
	if strings.HasPrefix(value, "{") {
		var obj map[string]any
		if err := json.Unmarshal([]byte(value), &obj); err != nil {
			return nil, fmt.Errorf("%q is not valid JSON: %v", value, err)
		}
		for k, v := range obj {
			if truthy(v) {
				items = append(items, k)
			}
		}
		sort.Strings(items)
	} else {
		items = strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ';' || r == '|' })
	}
	codes := make([]string, 0, len(items))
	for _, item := range items {
		code, err := toCode(list, strings.TrimSpace(item), mapper)
		if err != nil {
			return nil, err
		}
		codes = append(codes, code)
	}
	return codes, nil
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
