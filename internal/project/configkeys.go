package project

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// typeError explains a value of the wrong type at key (relative to [tool.pyko]),
// falling back to err when the key cannot be mapped back to a Config field.
func (p *Project) typeError(path string, key toml.Key, err error) error {
	want, ok := expectedType(key)
	got, found := lookup(p.Tool, key)
	if !ok || !found {
		return fmt.Errorf("decoding [tool.pyko] of %s: %w", path, err)
	}
	return fmt.Errorf("[tool.pyko] %s in %s must be %s, got %s",
		strings.Join(key, "."), path, want, tomlType(got))
}

// configKeys lists the toml keys of Config in order.
func configKeys() []string {
	t := reflect.TypeFor[Config]()
	keys := make([]string, 0, t.NumField())
	for f := range t.Fields() {
		if k := tomlKey(f); k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func tomlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// expectedType describes, in TOML terms, the type Config wants at key.
func expectedType(key toml.Key) (string, bool) {
	t := reflect.TypeFor[Config]()
	for _, k := range key {
		switch t.Kind() {
		case reflect.Struct:
			f, ok := fieldByKey(t, k)
			if !ok {
				return "", false
			}
			t = f.Type
		case reflect.Map:
			t = t.Elem()
		default:
			return "", false
		}
	}
	return describe(t), true
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if tomlKey(f) == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64:
		return "an integer"
	case reflect.Slice:
		return "an array of " + bare(describe(t.Elem())) + "s"
	case reflect.Map, reflect.Struct:
		if t.Kind() == reflect.Map && t.Elem().Kind() != reflect.Interface {
			return "a table of " + bare(describe(t.Elem())) + "s"
		}
		return "a table"
	case reflect.Interface:
		return "a string or an array of strings"
	}
	return t.String()
}

// bare drops the article: "an integer" becomes "integer".
func bare(s string) string {
	return strings.TrimPrefix(strings.TrimPrefix(s, "an "), "a ")
}

// lookup finds the value at key in a decoded TOML table.
func lookup(m map[string]any, key toml.Key) (any, bool) {
	var v any = m
	for _, k := range key {
		t, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = t[k]; !ok {
			return nil, false
		}
	}
	return v, true
}
