package sim_test

import (
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// One wording for a bad date everywhere: the form, or the calendar.
func TestDateError(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2024-11-31", `"2024-11-31" is not a day of the calendar; check the month and the day`},
		{"yesterday", `"yesterday" is not a date of the form YYYY-MM-DD, like 2024-11-30`},
		{"2024", `"2024" is not a date of the form YYYY-MM-DD, like 2024-11-30`},
		{"", `"" is not a date of the form YYYY-MM-DD, like 2024-11-30`},
		{"2024-1-301", `"2024-1-301" is not a date of the form YYYY-MM-DD, like 2024-11-30`},
	} {
		_, err := sim.ParseDate(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseDate(%q) = %v; want %s", tt.in, err, tt.want)
		}
	}
}
