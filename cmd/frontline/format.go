package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"strings"
)

// formatFlag declares a --format flag limited to the given choices.
func formatFlag(fs *flag.FlagSet, choices ...string) *string {
	return fs.String("format", choices[0], "output format: "+strings.Join(choices, ", "))
}

func checkFormat(got string, choices ...string) error {
	for _, c := range choices {
		if got == c {
			return nil
		}
	}
	return usagef("unknown format %q; use one of %s", got, strings.Join(choices, ", "))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
