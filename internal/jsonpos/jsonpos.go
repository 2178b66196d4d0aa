package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
)

// Error is a file that is not the JSON its reader wants: Line and
// Column (from 1, in bytes) say where the decoder stopped.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// InFile names the file an error of its reading is about: an Error gains
// the name, any other error is prefixed with it.
func InFile(name string, err error) error {
	var pe *Error
	if errors.As(err, &pe) {
		pe.File = name
		return pe
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Locate places a decoding error of data at its line and column, and
// says what the reader wants (fix: "want the output of …"). Errors
// without an offset keep their text.
func Locate(data []byte, err error, fix string) error {
	off, msg, ok := Problem(err)
	if !ok {
		return fmt.Errorf("%s; %s", msg, fix)
	}
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return &Error{Line: line, Column: col, Msg: msg + "; " + fix}
}

// Problem words a decoding error for a reader, with the offset it
// happened at when the decoder knows it.
func Problem(err error) (int64, string, bool) {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se):
		return se.Offset, "not JSON: " + strings.TrimPrefix(se.Error(), "json: "), true
	case errors.As(err, &te):
		return te.Offset, fmt.Sprintf("%s is a JSON %s, where the contract has %s", fieldName(te), te.Value, typeWord(te.Type)), true
	}
	return 0, strings.TrimPrefix(err.Error(), "json: "), false
}

// fieldName is the JSON path of a type error, without the Go names of
// embedded structs (Meta, PlaceMeta) that encoding/json puts in it: every
// key of the contract is lower case.
func fieldName(te *json.UnmarshalTypeError) string {
	var keys []string
	for _, k := range strings.Split(te.Field, ".") {
		if k != "" && !unicode.IsUpper([]rune(k)[0]) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "the file"
	}
	return strings.Join(keys, ".")
}

// typeWord names a Go type as the JSON it decodes from.
func typeWord(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}
