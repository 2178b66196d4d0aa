package numfmt

import "testing"

func TestThousandsAndChange(t *testing.T) {
	for _, c := range []struct {
		v             float64
		plain, change string
	}{
		{0, "0", "±0"},
		{0.4, "0", "±0"},
		{-0.4, "0", "±0"},
		{999, "999", "+999"},
		{1000, "1,000", "+1,000"},
		{6940.4, "6,940", "+6,940"},
		{112345.6, "112,346", "+112,346"},
		{-5432, "-5,432", "−5,432"},
		{-1234567, "-1,234,567", "−1,234,567"},
	} {
		if got := Thousands(c.v); got != c.plain {
			t.Errorf("Thousands(%v) = %q, want %q", c.v, got, c.plain)
		}
		if got := Change(c.v); got != c.change {
			t.Errorf("Change(%v) = %q, want %q", c.v, got, c.change)
		}
	}
}
