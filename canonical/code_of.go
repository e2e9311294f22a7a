package canonical

import (
	"fmt"
	"strings"
)

// CodeMapper maps a case system's description to a code of a list
// (config.CodeMappings is one).
type CodeMapper interface {
	Code(list, description string) (string, bool)
}

// CodeIn returns the code a value stands for: itself when it is a code of
// the list, else the code its description maps to.
func CodeIn(list, value string, mapper CodeMapper) (string, error) {
	if code, ok := LookupCode(list, value); ok {
		return code, nil
	}
	if mapper != nil {
		if mapped, ok := mapper.Code(list, value); ok {
			if code, ok := LookupCode(list, mapped); ok {
				return code, nil
			}
		}
	}
	return "", fmt.Errorf("%q is not a %s code and no mapping in config turns it into one", value, list)
}

// CodeOf returns the code value stands for in the named list, as a code
// column is typed (itself, in the list's spelling, or the code a mapped
// description stands for), for a source that must report a bad code
// itself: one that merges two files' rows and so knows which file a value
// came from.
func CodeOf(list, value string, mapper CodeMapper) (string, error) {
	return CodeIn(list, strings.TrimSpace(value), mapper)
}
