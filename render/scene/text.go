package scene

import "strings"

// WrapText breaks s into lines no wider than width pixels in the Go font at
// size. A word longer than the width gets a line of its own.
func WrapText(s string, size float64, bold bool, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if line != "" && TextWidth(try, size, bold) > width {
				lines = append(lines, line)
				line = w
				continue
			}
			line = try
		}
		lines = append(lines, line)
	}
	return lines
}

// FitText returns s, cut short with "…" when it is wider than width at
// size: a label that must stay in its box.
func FitText(s string, size float64, bold bool, width float64) string {
	if TextWidth(s, size, bold) <= width {
		return s
	}
	r := []rune(s)
	for k := len(r) - 1; k > 1; k-- {
		if t := strings.TrimSpace(string(r[:k])) + "…"; TextWidth(t, size, bold) <= width {
			return t
		}
	}
	return "…"
}
