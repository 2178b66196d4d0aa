package safetext

import (
	"encoding/csv"
	"io"
	"regexp"
)

// number matches a plain decimal number, such as -3.5 or 1e-3: a cell a
// spreadsheet reads as that number and nothing else.
var number = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// CSVCell returns s as it may go into a CSV cell: with every control
// character, line break and bidi mark escaped as EscapeLine does, and, when
// it begins with "=", "+", "-", "@", a tab or a carriage return (a formula
// to a spreadsheet, as in "=HYPERLINK(…)" or "@SUM(1+1)"), with a leading
// "'" (OWASP's rule for CSV injection). A plain number such as -3.5 is a
// number, not a formula, and stays as it is, so numeric columns keep
// their values.
func CSVCell(s string) string {
	if number.MatchString(s) {
		return s
	}
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			s = "'" + s
		}
	}
	return EscapeLine(s)
}

// CSVWriter writes CSV records with every cell made safe by CSVCell: the
// one way frontline writes CSV.
type CSVWriter struct {
	w   *csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record.
func (c *CSVWriter) Write(record []string) error {
	c.rec = c.rec[:0]
	for _, s := range record {
		c.rec = append(c.rec, CSVCell(s))
	}
	return c.w.Write(c.rec)
}

// WriteAll writes records and flushes.
func (c *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	return c.Flush()
}

// Flush writes buffered data and reports any error of a write.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
