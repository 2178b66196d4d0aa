package sim

import (
	"fmt"
	"time"
)

// Date is a civil date, counted in days since 1970-01-01. Dates compare and
// subtract as integers.
type Date int32

// DateLayout is the one date format frontline reads and writes.
const DateLayout = "2006-01-02"

// ParseDate parses an ISO 8601 calendar date, "2024-11-30".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return Date(t.Unix() / 86400), nil
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
