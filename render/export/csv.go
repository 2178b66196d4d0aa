package export

import (
	"io"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// WriteCSV writes the change log, one row per event, to path.
func WriteCSV(tl *sim.Timeline, path string) error {
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
		return safetext.NewCSVWriter(w).WriteAll(csvRows(tl))
	})
}
