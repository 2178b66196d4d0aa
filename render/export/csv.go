package export

import (
	"encoding/csv"
	"io"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/sim"
)

// WriteCSV writes the change log, one row per event, to path.
func WriteCSV(tl *sim.Timeline, path string) error {
	return atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(csvRows(tl)); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
}
