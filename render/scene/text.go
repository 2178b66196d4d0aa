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
