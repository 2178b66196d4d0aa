package main

import (
	"encoding/json"
	"flag"
	"io"
	"strings"

	"github.com/frontline-sim/frontline/internal/safetext"
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
	return usagef("unknown format %s; use one of %s", safetext.Quote(got), strings.Join(choices, ", "))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeCSV writes a table through safetext's CSV writer, which
// neutralises formulas and control characters in every cell.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := safetext.NewCSVWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	return cw.WriteAll(rows)
}
