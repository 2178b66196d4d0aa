package territory_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/geo/territory"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

func defaultMap(t testing.TB) (*geo.Atlas, *territory.Map) {
	t.Helper()
	a := geo.MustDefault()
	m, err := territory.New(a, territory.DefaultConfig(a))
	if err != nil {
		t.Fatal(err)
	}
	return a, m
}

func TestDefaultCrossingsResolve(t *testing.T) {
	a := geo.MustDefault()
	cs := territory.DefaultCrossings()
	if got := len(territory.DefaultConfig(a).Crossings); got != len(cs) {
		t.Errorf("%d of %d built-in crossings have all their bridgeheads in the atlas", got, len(cs))
	}
	rivers := map[string]int{}
	for _, c := range cs {
		rivers[c.River]++
		if c.Source == "" {
			t.Errorf("crossing %s has no source", c.ID)
		}
	}
	for _, r := range territory.DefaultBarriers {
		if rivers[r] == 0 {
			t.Errorf("barrier river %s has no crossing", r)
		}
	}
}

func TestParseCrossingsBad(t *testing.T) {
	head := "id,name,river,lat,lon,places,kind,source\n"
	for _, tt := range []struct{ in, want string }{
		{"", "want the header"},
		{"id,name\n", "want the header"},
		{head + "x,X,Euphrates,NaN,38,a,bridge,s\n", "bad coordinates"},
		{head + "x,X,Euphrates,95,38,a,bridge,s\n", "bad coordinates"},
		{head + "x,X,Euphrates,35\n", "wrong number of fields"},
	} {
		_, err := territory.ParseCrossings("c.csv", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCrossings(%q) = %v, want an error with %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseCrossings(f *testing.F) {
	f.Add([]byte("id,name,river,lat,lon,places,kind,source\nx,X,Euphrates,35,38,a;b,bridge,s\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := territory.ParseCrossings("f.csv", data)
		if err != nil {
			return
		}
		for _, c := range cs {
			if math.IsNaN(c.Point.Lat()) || math.Abs(c.Point.Lat()) > 90 || math.Abs(c.Point.Lon()) > 180 {
				t.Fatalf("accepted bad point %v", c.Point)
			}
		}
	})
}

func TestNewRejectsBadCell(t *testing.T) {
	a := geo.MustDefault()
	for _, km := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		cfg := territory.DefaultConfig(a)
		cfg.CellKm = km
		if _, err := territory.New(a, cfg); err == nil {
			t.Errorf("New with cell size %v: no error", km)
		}
	}
}

func TestCircleArea(t *testing.T) {
	c := territory.Circle(orb.Point{38.6, 33.5}, 55)
	got := math.Abs(orbgeo.Area(c)) / 1e6
	if want := math.Pi * 55 * 55; math.Abs(got-want)/want > 0.01 {
		t.Errorf("55 km circle: %.0f km², want %.0f", got, want)
	}
}

// randomControl gives each place one of three factions.
func randomControl(r *rand.Rand, n int) []string {
	fs := []string{"red", "green", "blue"}
	ctrl := make([]string, n)
	for i := range ctrl {
		ctrl[i] = fs[r.IntN(len(fs))]
	}
	return ctrl
}

// TestNextMatchesFresh walks random changes of hands and checks that the
// incremental update always equals a fresh spread.
func TestNextMatchesFresh(t *testing.T) {
	a, m := defaultMap(t)
	r := rand.New(rand.NewPCG(1, 2))
	ctrl := randomControl(r, len(a.Places()))
	p := m.Partition(ctrl, nil)
	incremental := 0
	for step := 0; step < 12; step++ {
		next := append([]string(nil), ctrl...)
		for k := 0; k < 1+r.IntN(3); k++ {
			next[r.IntN(len(next))] = []string{"red", "green", "blue", ""}[r.IntN(4)]
		}
		q := p.Next(next)
		if q.Incremental {
			incremental++
		}
		if d := q.Diff(m.Partition(next, nil)); d != 0 {
			t.Fatalf("step %d: incremental update differs from a fresh spread in %d cells", step, d)
		}
		p, ctrl = q, next
	}
	if incremental == 0 {
		t.Errorf("no step was incremental")
	}
}

// TestPolygonsCoverAreas checks the dissolved polygons against the raster:
// their areas on the sphere match the cell counts within 2%, and Syria is
// covered.
func TestPolygonsCoverAreas(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(3, 4)), len(a.Places()))
	p := m.Partition(ctrl, nil)
	areas := p.Areas()
	total := 0.0
	for f, mp := range p.Polygons() {
		got := orbgeo.Area(mp) / 1e6
		total += areas[f]
		if want := areas[f]; math.Abs(got-want)/want > 0.02 {
			t.Errorf("%s: polygons %.0f km², raster %.0f km²", f, got, want)
		}
	}
	if math.Abs(total-m.SyriaKm2())/m.SyriaKm2() > 0.001 {
		t.Errorf("factions hold %.0f km² of Syria's %.0f", total, m.SyriaKm2())
	}
}

// TestNoStairSteps checks the smoothing: a raw raster outline is all
// horizontal and vertical edges; after smoothing most edges are neither.
func TestNoStairSteps(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(5, 6)), len(a.Places()))
	axis, all := 0, 0
	for _, mp := range m.Partition(ctrl, nil).Polygons() {
		for _, poly := range mp {
			for _, r := range poly {
				for i := 1; i < len(r); i++ {
					all++
					if r[i][0] == r[i-1][0] || r[i][1] == r[i-1][1] {
						axis++
					}
				}
			}
		}
	}
	if all == 0 || float64(axis)/float64(all) > 0.2 {
		t.Errorf("%d of %d polygon edges are axis-aligned: stair-steps remain", axis, all)
	}
}

// TestFrontsBetweenHostileOnly: with two allied factions there is no
// front between them.
func TestFrontsBetweenHostileOnly(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(7, 8)), len(a.Places()))
	p := m.Partition(ctrl, nil)
	hostile := func(x, y string) bool { return !(x == "red" && y == "green" || x == "green" && y == "red") && x != y }
	for _, f := range p.Fronts(hostile) {
		if f.A == "green" && f.B == "red" {
			t.Errorf("front between allies %s and %s", f.A, f.B)
		}
		if f.LengthKm <= 0 {
			t.Errorf("front %s/%s has length %v", f.A, f.B, f.LengthKm)
		}
	}
	if territory.FrontKm(p.Fronts(hostile)) >= territory.FrontKm(p.Fronts(func(x, y string) bool { return x != y })) {
		t.Errorf("allying two factions did not shorten the front")
	}
}

// TestZoneOverridesSpread: a zone's cells belong to its faction.
func TestZoneOverridesSpread(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(9, 10)), len(a.Places()))
	c := orb.Point{38.61778, 33.50583}
	p := m.Partition(ctrl, []territory.Zone{{ID: "z", Faction: "zone", Polygon: territory.Circle(c, 55)}})
	if got := p.Owner(c); got != "zone" {
		t.Errorf("zone centre owned by %q", got)
	}
	if got := p.Areas()["zone"]; got < 3000 || got > 9500 {
		t.Errorf("zone area %.0f km², want the part of a 9,500 km² circle inside Syria", got)
	}
}

// TestPolygonsMatchRaster samples points of Syria: the faction whose
// polygon contains a point is the raster's owner of it, but for points
// within a cell of a border.
func TestPolygonsMatchRaster(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(11, 12)), len(a.Places()))
	p := m.Partition(ctrl, []territory.Zone{{ID: "z", Faction: "zone", Polygon: territory.Circle(orb.Point{38.61778, 33.50583}, 55)}})
	polys := p.Polygons()
	r := rand.New(rand.NewPCG(13, 14))
	bad, n := 0, 0
	for n < 2000 {
		pt := orb.Point{35.7 + r.Float64()*6.7, 32.3 + r.Float64()*5.1}
		own := p.Owner(pt)
		if own == "" {
			continue
		}
		n++
		in := ""
		for f, mp := range polys {
			if planar.MultiPolygonContains(mp, pt) {
				if in != "" {
					t.Errorf("%v lies in the polygons of both %s and %s", pt, in, f)
				}
				in = f
			}
		}
		if in != own {
			bad++
		}
	}
	if bad > n/50 {
		t.Errorf("%d of %d sample points lie in another faction's polygon than the raster says", bad, n)
	}
}

// TestRelabel checks that relabelling keeps the spread: each cell keeps
// its place, so merging two factions under one key gives the sum of their
// areas, the cells of the others are untouched, and the zone takes its
// new key.
func TestRelabel(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(11, 12)), len(a.Places()))
	zone := territory.Zone{ID: "z", Faction: "zone", Polygon: territory.Circle(orb.Point{38.61778, 33.50583}, 55)}
	p := m.Partition(ctrl, []territory.Zone{zone})
	if d := p.Relabel(ctrl, []string{"zone"}).Diff(p); d != 0 {
		t.Errorf("relabelling with the same controllers changed %d cells", d)
	}
	merged := make([]string, len(ctrl))
	for i, f := range ctrl {
		merged[i] = f
		if f == "red" || f == "green" {
			merged[i] = "warm"
		}
	}
	q := p.Relabel(merged, []string{"blue"})
	pa, qa := p.Areas(), q.Areas()
	if got, want := qa["warm"], pa["red"]+pa["green"]; math.Abs(got-want) > 1e-6*want {
		t.Errorf("warm %.0f km², want red + green = %.0f km²", got, want)
	}
	if got, want := qa["blue"], pa["blue"]+pa["zone"]; math.Abs(got-want) > 1e-6*want {
		t.Errorf("blue %.0f km², want blue + zone = %.0f km²", got, want)
	}
	if mp := q.Polygons()["warm"]; len(mp) == 0 {
		t.Errorf("no warm polygons")
	}
}

// TestSameSpread checks that partitions reached from the same places
// report the same spread however they were made (kept, derived, fresh,
// relabelled), and that one with a place fewer does not.
func TestSameSpread(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(5, 6)), len(a.Places()))
	p := m.Partition(ctrl, nil)
	// A change of hands at a place that is no bridgehead and reached no
	// crossing keeps the spread (Next relabels it); emptying it does not.
	var turned, emptied []string
	for i := range ctrl {
		turned = append([]string(nil), ctrl...)
		turned[i] = map[string]string{"red": "green", "green": "blue", "blue": "red"}[ctrl[i]]
		if p.Next(turned).Incremental {
			emptied = append([]string(nil), ctrl...)
			emptied[i] = ""
			break
		}
	}
	if emptied == nil {
		t.Fatal("no change of hands was incremental")
	}
	for _, tt := range []struct {
		name string
		q    *territory.Partition
		want bool
	}{
		{"Same", p.Same(), true},
		{"Next, incremental", p.Next(turned), true},
		{"fresh, same controllers", m.Partition(ctrl, nil), true},
		{"fresh, another faction", m.Partition(turned, nil), true},
		{"Relabel", p.Relabel(turned, nil), true},
		{"a place emptied", p.Next(emptied), false},
	} {
		if got := p.SameSpread(tt.q); got != tt.want {
			t.Errorf("%s: SameSpread = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRespreads checks which changes of controllers Respreads says need a
// fresh spread whatever the spread before (a place taken or emptied, a
// bridgehead changing hands), and that Next then does spread again.
func TestRespreads(t *testing.T) {
	a, m := defaultMap(t)
	ctrl := randomControl(rand.New(rand.NewPCG(7, 8)), len(a.Places()))
	head, _ := a.Index(territory.DefaultConfig(a).Crossings[0].Places[0])
	heads := map[int]bool{}
	for _, c := range territory.DefaultConfig(a).Crossings {
		for _, id := range c.Places {
			i, _ := a.Index(id)
			heads[i] = true
		}
	}
	plain := -1
	for i := range ctrl {
		if !heads[i] {
			plain = i
			break
		}
	}
	other := func(f string) string { return map[string]string{"red": "green", "green": "blue", "blue": "red"}[f] }
	p := m.Partition(ctrl, nil)
	for _, tt := range []struct {
		name   string
		change func(c []string)
		want   bool
	}{
		{"no change", func([]string) {}, false},
		{"a place changes hands", func(c []string) { c[plain] = other(c[plain]) }, false},
		{"a place is emptied", func(c []string) { c[plain] = "" }, true},
		{"a bridgehead changes hands", func(c []string) { c[head] = other(c[head]) }, true},
	} {
		next := append([]string(nil), ctrl...)
		tt.change(next)
		if got := m.Respreads(ctrl, next); got != tt.want {
			t.Errorf("%s: Respreads = %v, want %v", tt.name, got, tt.want)
		}
		if tt.want && p.Next(next).Incremental {
			t.Errorf("%s: Next did not spread again", tt.name)
		}
	}
}
