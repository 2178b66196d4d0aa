package sim

import (
	"time"

	"github.com/frontline-sim/frontline/internal/safetext"
)

// Date is a civil date, counted in days since 1970-01-01. Dates compare and
// subtract as integers.
type Date int32

// DateLayout is the one date format frontline reads and writes.
const DateLayout = "2006-01-02"

// ParseDate parses an ISO 8601 calendar date, "2024-11-30". Its error is
// a *DateError: every command and the validator word a bad date alike.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return 0, &DateError{Value: s}
	}
	return Date(t.Unix() / 86400), nil
}

// DateError is a value that is not a date.
type DateError struct{ Value string }

func (e *DateError) Error() string { return safetext.Quote(e.Value) + " " + e.Reason() }

// Reason says what is wrong with the value, without quoting it: it has
// the form YYYY-MM-DD but names no day of the calendar (2024-11-31), or
// it has another form.
func (e *DateError) Reason() string {
	v := e.Value
	if len(v) == 10 && isDigits(v, 0, 4) && v[4] == '-' && isDigits(v, 5, 7) && v[7] == '-' && isDigits(v, 8, 10) {
		return "is not a day of the calendar; check the month and the day"
	}
	return "is not a date of the form YYYY-MM-DD, like 2024-11-30"
}

func isDigits(s string, from, to int) bool {
	if len(s) < to {
		return false
	}
	for _, r := range s[from:to] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MustDate is ParseDate for constants in code and tests; it panics on a
// malformed date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic("sim: " + err.Error())
	}
	return d
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(DateLayout) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
