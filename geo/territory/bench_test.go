package territory_test

import (
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
)

func benchMap(b *testing.B) (*geo.Atlas, *territory.Map) {
	a := geo.MustDefault()
	m, err := territory.New(a, territory.DefaultConfig(a))
	if err != nil {
		b.Fatal(err)
	}
	return a, m
}

func allTo(a *geo.Atlas, f string) []string {
	ctrl := make([]string, len(a.Places()))
	for i := range ctrl {
		ctrl[i] = f
	}
	return ctrl
}

// BenchmarkNewMap builds the raster: land, rivers, lakes, costs, banks.
func BenchmarkNewMap(b *testing.B) {
	a := geo.MustDefault()
	cfg := territory.DefaultConfig(a)
	for b.Loop() {
		if _, err := territory.New(a, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPartition is one day's spread from scratch.
func BenchmarkPartition(b *testing.B) {
	a, m := benchMap(b)
	ctrl := allTo(a, "regime")
	for b.Loop() {
		m.Partition(ctrl, nil)
	}
}

// BenchmarkGeometry dissolves and smooths one day's polygons and fronts.
func BenchmarkGeometry(b *testing.B) {
	a, m := benchMap(b)
	ctrl := allTo(a, "regime")
	i, _ := a.Index("aleppo")
	ctrl[i] = "hts"
	p := m.Partition(ctrl, nil)
	hostile := func(x, y string) bool { return x != y }
	for b.Loop() {
		p.Geometry(hostile)
	}
}

// BenchmarkNext is the day-to-day update when one place changes hands.
func BenchmarkNext(b *testing.B) {
	a, m := benchMap(b)
	ctrl := allTo(a, "regime")
	p := m.Partition(ctrl, nil)
	next := append([]string(nil), ctrl...)
	i, _ := a.Index("saraqib")
	next[i] = "hts"
	for b.Loop() {
		p.Next(next)
	}
}
