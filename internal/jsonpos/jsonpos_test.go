package jsonpos

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// A decoding error is placed at the line and column where the decoder
// stopped (just after the bad byte or value), with the field in
// the contract's words and what the reader wants; InFile names the file.
func TestLocate(t *testing.T) {
	const fix = "want the output of frontline simulate --format json"
	for _, tt := range []struct {
		name, data string
		into       any
		want       string
	}{
		{"syntax", "{\n  \"runs\": 1,\n  \"days\": [,]\n}", &struct{}{}, "f.json:3:13: not JSON: invalid character ',' looking for beginning of value; " + fix},
		{"type", "{\n  \"runs\": \"ten\"\n}", &struct {
			Runs int `json:"runs"`
		}{}, "f.json:2:16: runs is a JSON string, where the contract has a whole number; " + fix},
		{"embedded", "{\"meta\": {\"seed\": true}}", &struct {
			Meta struct {
				Seed uint64 `json:"seed"`
			} `json:"meta"`
		}{}, "f.json:1:23: meta.seed is a JSON bool, where the contract has a whole number; " + fix},
	} {
		err := json.Unmarshal([]byte(tt.data), tt.into)
		got := InFile("f.json", Locate([]byte(tt.data), err, fix))
		var pe *Error
		if !errors.As(got, &pe) || got.Error() != tt.want {
			t.Errorf("%s: %v; want %s", tt.name, got, tt.want)
		}
	}
	// An error with no offset keeps its text, named by the file.
	if got := InFile("f.json", Locate(nil, errors.New("json: unexpected end"), fix)); !strings.HasPrefix(got.Error(), "f.json: unexpected end; want") {
		t.Errorf("no offset: %v", got)
	}
}
