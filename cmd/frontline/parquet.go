package main

import (
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
	"github.com/frontline-sim/frontline/sim/sweep"
)

// writeSweepParquet writes one of a sweep's tables as Parquet, with the
// same columns as its CSV (docs/sweep.md): numbers as doubles, counts as
// int64, dates as Parquet DATE. Parquet orders a group's columns by name;
// readers select them by name.
func writeSweepParquet(w io.Writer, table string, r *sweep.Result) error {
	cols := parquet.Group{}
	var rows []map[string]parquet.Value
	if table == "sensitivity" {
		for _, c := range []string{"outcome", "factor", "measure", "note"} {
			cols[c] = parquet.String()
		}
		for _, c := range []string{"estimate", "lo", "hi"} {
			cols[c] = parquet.Leaf(parquet.DoubleType)
		}
		for _, ix := range r.Sensitivity {
			rows = append(rows, map[string]parquet.Value{
				"outcome": parquetText(ix.Outcome), "factor": parquetText(ix.Factor), "measure": parquetText(ix.Measure), "note": parquetText(ix.Note),
				"estimate": parquet.DoubleValue(ix.Estimate), "lo": parquet.DoubleValue(ix.Lo), "hi": parquet.DoubleValue(ix.Hi)})
		}
	} else {
		cols["point"], cols["runs"], cols["outcome"] = parquet.Int(64), parquet.Int(64), parquet.String()
		for _, c := range []string{"estimate", "lo", "hi"} {
			cols[c] = parquet.Leaf(parquet.DoubleType)
		}
		for _, f := range r.Factors {
			cols[f.ID] = parquet.Leaf(parquet.DoubleType)
			if f.IsDate() {
				cols[f.ID] = parquet.Date()
			}
		}
		for _, row := range r.Rows {
			v := map[string]parquet.Value{"point": parquet.Int64Value(int64(row.Point)), "runs": parquet.Int64Value(row.Runs),
				"outcome": parquetText(row.Outcome), "estimate": parquet.DoubleValue(row.Estimate), "lo": parquet.DoubleValue(row.Lo), "hi": parquet.DoubleValue(row.Hi)}
			for i, f := range r.Factors {
				v[f.ID] = parquet.DoubleValue(row.Values[i])
				if f.IsDate() {
					v[f.ID] = parquet.Int32Value(int32(sim.Date(row.Values[i])))
				}
			}
			rows = append(rows, v)
		}
	}
	schema := parquet.NewSchema("sweep_"+table, cols)
	names := schema.Columns()
	pw := parquet.NewWriter(w, schema)
	for _, v := range rows {
		row := make(parquet.Row, len(names))
		for i, path := range names {
			row[i] = v[path[0]].Level(0, 0, i)
		}
		if _, err := pw.WriteRows([]parquet.Row{row}); err != nil {
			return err
		}
	}
	return pw.Close()
}

// parquetText is a string cell, escaped as every text output is (the ids
// are checked already; this keeps it so if that ever changes).
func parquetText(s string) parquet.Value { return parquet.ByteArrayValue([]byte(safetext.Escape(s))) }
