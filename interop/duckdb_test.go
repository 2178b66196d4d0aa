package interop

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// smallSweep has a fall day (with dates, and a place that may hold to
// the end) and a probability, over a number and a date factor.
const smallSweep = `id: interop
scenario: offensive-2024
forced_until: none
factors:
  - {id: air, parameter: air_support.regime, values: [0, 2]}
  - {id: tau, parameter: tau_hours, values: [1, 3]}
design: {method: grid, runs: 60, seed: 2}
outcomes:
  - {id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}
  - {id: damascus-fall, kind: fall_day, place: damascus}
  - {id: hama-fall, kind: fall_day, place: hama, quantile: 10}
`

// frontline builds the binary from the repository and returns its path.
func frontline(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "frontline")
	build := exec.Command("go", "build", "-o", bin, "./cmd/frontline")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building frontline: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("frontline %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// DuckDB reads both of a sweep's Parquet tables by column name, and each
// row holds what the CSV's row holds: the numbers, the outcome, the date
// columns as DATE (null where the CSV cell is empty).
func TestDuckDBReadsSweepParquet(t *testing.T) {
	bin := frontline(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(file, []byte(smallSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dated := 0
	for _, table := range []string{"points", "sensitivity"} {
		pq := filepath.Join(dir, table+".parquet")
		run(t, bin, "sweep", file, "--table", table, "--format", "parquet", "--out", pq)
		want, err := csv.NewReader(strings.NewReader(run(t, bin, "sweep", file, "--table", table))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := want[0]
		var cols []string
		for _, c := range header {
			// Every column as DuckDB reads it, written as the CSV writes it.
			q := `"` + c + `"`
			switch c {
			case "point", "runs", "outcome", "factor", "measure", "note":
				cols = append(cols, "CAST("+q+" AS VARCHAR)")
			case "estimate_date", "lo_date", "hi_date":
				cols = append(cols, "COALESCE(strftime("+q+", '%Y-%m-%d'), '')")
			default:
				cols = append(cols, q)
			}
		}
		rows, err := db.Query(fmt.Sprintf("SELECT %s FROM read_parquet('%s')", strings.Join(cols, ", "), pq))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		n := 0
		for rows.Next() {
			vals := make([]any, len(header))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(header))
			for i, v := range vals {
				switch x := (*v.(*any)).(type) {
				case float64:
					got[i] = strconv.FormatFloat(x, 'g', -1, 64)
				case string:
					got[i] = x
				default:
					got[i] = fmt.Sprint(x)
				}
			}
			n++
			if n >= len(want) {
				t.Fatalf("%s: DuckDB reads more rows than the CSV's %d", table, len(want)-1)
			}
			if strings.Join(got, ",") != strings.Join(want[n], ",") {
				t.Errorf("%s row %d: DuckDB reads %q, the CSV has %q", table, n, got, want[n])
			}
			if table == "points" && got[len(got)-3] != "" {
				dated++
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if n != len(want)-1 {
			t.Errorf("%s: DuckDB reads %d rows, the CSV has %d", table, n, len(want)-1)
		}
	}
	if dated == 0 {
		t.Error("no fall day with a date: the date columns are untested")
	}
}
