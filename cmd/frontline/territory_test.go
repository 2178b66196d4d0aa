package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTerritoryGeoJSON checks the geojson export: one polygon feature per
// faction with its share, fronts as lines; and, where GDAL is installed,
// that ogrinfo (the client QGIS uses) reads it.
func TestTerritoryGeoJSON(t *testing.T) {
	code, out, errs := runCmd(t, "territory", "--day", "2024-11-26", "--format", "geojson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry   struct{ Type string } `json:"geometry"`
			Properties map[string]any        `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	polys, lines := map[string]bool{}, 0
	share := 0.0
	for _, f := range fc.Features {
		switch f.Geometry.Type {
		case "MultiPolygon":
			polys[f.Properties["faction"].(string)] = true
			share += f.Properties["share"].(float64)
		case "MultiLineString":
			lines++
		default:
			t.Errorf("unexpected geometry %s", f.Geometry.Type)
		}
	}
	for _, f := range []string{"regime", "hts", "sna", "sdf", "coalition"} {
		if !polys[f] {
			t.Errorf("no polygon for %s", f)
		}
	}
	if share < 99.9 || share > 100.1 {
		t.Errorf("shares add up to %.2f%%", share)
	}
	if lines == 0 {
		t.Error("no front lines")
	}
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
	path := filepath.Join(t.TempDir(), "t.geojson")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(ogr, "-ro", "-so", "-al", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, info)
	}
	if !strings.Contains(string(info), "Feature Count: "+strconv.Itoa(len(fc.Features))) {
		t.Errorf("ogrinfo does not count %d features:\n%s", len(fc.Features), info)
	}
}
