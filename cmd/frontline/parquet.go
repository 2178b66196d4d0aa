package main

import (
	"fmt"
	"io"

	"github.com/frontline-sim/frontline/sim/sweep"
)

// writeSweepParquet writes one of a sweep's tables as Parquet.
func writeSweepParquet(w io.Writer, table string, r *sweep.Result) error {
	return fmt.Errorf("parquet is not built yet")
}
