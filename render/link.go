package render

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/render/scene"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/sim"
	"github.com/paulmach/orb"
)

// Link is a view the viewer opens on: the fields of a deep link. The web
// build reads it from the page's address (?day=2024-11-30&focus=aleppo&zoom=3)
// and the desktop viewer from its flags, both through ParseLink, so that a
// link means the same view everywhere.
type Link struct {
	Scenario string      // a built-in or bundled scenario id; "" for the default
	Day      sim.Date    // 0 for the first day
	Focus    string      // a place id to centre on; "" for none
	Center   orb.Point   // a (lon, lat) point to centre on, when HasCenter
	Box      orb.Bound   // a lon/lat box to fit, when HasBox
	Zoom     float64     // relative to the whole-Syria view; 0 for the default
	Present  bool        // presenter mode
	Step     int         // story step, from 1; 0 for none
	Layers   *scene.Show // the layers shown; nil for all
	// Compare opens compare mode: CompareHistory ("1") sets the documented
	// history (the built-in scenario) on the left and Scenario, a what-if,
	// on the right; a scenario id sets that what-if on the right of
	// Scenario. "" for none.
	Compare string
	// Runs, when positive, shows the scenario's ensemble of that many
	// runs with Seed (EnsembleOptions), as the E key does: the same link
	// gives the same probabilities on any machine.
	Runs int
	Seed uint64

	HasCenter, HasBox bool
}

// LinkKeys are the keys a deep link may carry, in the order Query writes
// them.
var LinkKeys = []string{"scenario", "compare", "runs", "seed", "day", "focus", "zoom", "layers", "step", "present"}

// CompareHistory is the compare= value that sets the link's scenario
// against the documented history.
const CompareHistory = "1"

// LinkError is a bad deep-link value: Key names the parameter (the desktop
// viewer prints it as a --flag).
type LinkError struct {
	Key, Value, Msg string
}

// Error names the key and value, capped by safetext.Name: a
// link of a megabyte is not echoed back whole.
func (e *LinkError) Error() string {
	return safetext.Name(e.Key+"="+e.Value) + ": " + e.Msg
}

// ParseLink reads a deep link's parameters. Unknown keys are an error with
// a suggestion, so that a mistyped link says so instead of opening on the
// wrong view. focus takes a place (id, name or alias, looked up in a), a
// point "lat,lon", or a box "west,south,east,north" in degrees.
func ParseLink(q url.Values, a *geo.Atlas) (Link, error) {
	var l Link
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if indexOfString(LinkKeys, k) < 0 {
			best, bestD := "", 3
			for _, c := range LinkKeys {
				if d := geo.Levenshtein(k, c); d < bestD {
					best, bestD = c, d
				}
			}
			msg := "unknown parameter; a link takes " + strings.Join(LinkKeys, ", ")
			if best != "" {
				msg += "; did you mean " + best + "?"
			}
			return l, &LinkError{k, q.Get(k), msg}
		}
		if len(q[k]) > 1 {
			return l, &LinkError{k, q.Get(k), "given more than once"}
		}
	}
	get := func(k string) (string, bool) {
		v, ok := q[k]
		if !ok {
			return "", false
		}
		return strings.TrimSpace(v[0]), true
	}
	if v, ok := get("scenario"); ok {
		if v == "" || len(v) > 64 || strings.ContainsAny(v, "/\\") {
			return l, &LinkError{"scenario", v, "want a scenario id, like offensive-2024"}
		}
		l.Scenario = v
	}
	if v, ok := get("compare"); ok {
		switch strings.ToLower(v) {
		case "1", "true", "yes", "on":
			l.Compare = CompareHistory
		case "0", "false", "no", "off":
		default:
			if len(v) > 64 || strings.ContainsAny(v, "/\\") {
				return l, &LinkError{"compare", v, "want 1 (the scenario against the history) or a what-if's id, like aleppo-holds"}
			}
			l.Compare = v
		}
	}
	if v, ok := get("day"); ok {
		d, err := sim.ParseDate(v)
		if err != nil {
			return l, &LinkError{"day", v, "want a date YYYY-MM-DD, like 2024-11-30"}
		}
		l.Day = d
	}
	if v, ok := get("focus"); ok {
		if err := l.parseFocus(v, a); err != nil {
			return l, err
		}
	}
	if v, ok := get("zoom"); ok {
		z, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(z) || z < 0.1 || z > 500 {
			return l, &LinkError{"zoom", v, "want a factor from 0.1 to 500 (1 fits Syria)"}
		}
		l.Zoom = z
	}
	if v, ok := get("layers"); ok {
		s, err := parseLayers(v)
		if err != nil {
			return l, err
		}
		l.Layers = &s
	}
	if v, ok := get("step"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return l, &LinkError{"step", v, "want a story step number from 1"}
		}
		l.Step = n
	}
	if v, ok := get("runs"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLinkRuns {
			return l, &LinkError{"runs", v, fmt.Sprintf("want a number of runs from 1 to %d, like runs=%d", MaxLinkRuns, DefaultEnsembleRuns)}
		}
		l.Runs, l.Seed = n, 1
	}
	if v, ok := get("seed"); ok {
		n, err := strconv.ParseUint(v, 10, 64)
		switch {
		case err != nil:
			return l, &LinkError{"seed", v, "want a whole number from 0, like seed=1"}
		case l.Runs == 0:
			return l, &LinkError{"seed", v, "goes with runs=: add runs=" + strconv.Itoa(DefaultEnsembleRuns)}
		}
		l.Seed = n
	}
	if l.Runs > 0 && l.Compare != "" {
		return l, &LinkError{"runs", strconv.Itoa(l.Runs), "shows one scenario's ensemble: leave out compare="}
	}
	if l.Compare == CompareHistory && l.Scenario == "" {
		return l, &LinkError{"compare", "1", "compares scenario= with the history: add a what-if, like scenario=no-air-support&compare=1"}
	}
	if l.Step > 0 {
		l.Present = true // a story step is shown in presenter mode
	}
	if v, ok := get("present"); ok {
		switch strings.ToLower(v) {
		case "", "1", "true", "yes", "on":
			l.Present = true
		case "0", "false", "no", "off":
		default:
			return l, &LinkError{"present", v, "want 1 or 0"}
		}
	}
	return l, nil
}

func (l *Link) parseFocus(v string, a *geo.Atlas) error {
	if strings.Contains(v, ",") {
		parts := strings.Split(v, ",")
		var f []float64
		for _, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				f = nil
				break
			}
			f = append(f, x)
		}
		switch {
		case len(f) == 2 && math.Abs(f[0]) <= 90 && math.Abs(f[1]) <= 180:
			l.Center, l.HasCenter = orb.Point{f[1], f[0]}, true
			return nil
		case len(f) == 4 && f[0] < f[2] && f[1] < f[3] && math.Abs(f[1]) <= 90 && math.Abs(f[3]) <= 90 && math.Abs(f[0]) <= 180 && math.Abs(f[2]) <= 180:
			l.Box, l.HasBox = orb.Bound{Min: orb.Point{f[0], f[1]}, Max: orb.Point{f[2], f[3]}}, true
			return nil
		}
		return &LinkError{"focus", v, "want a place, a point lat,lon (36.2,37.16) or a box west,south,east,north (36,35,37.5,36.6)"}
	}
	if strings.EqualFold(v, scene.FocusSyria) {
		l.Focus = scene.FocusSyria
		return nil
	}
	p, err := a.Lookup(v)
	if err != nil {
		return &LinkError{"focus", v, err.Error()}
	}
	l.Focus = p.ID
	return nil
}

// layerNames are the layers a link may name: those a story step may.
var layerNames = scenarios.StoryLayers

func parseLayers(v string) (scene.Show, error) {
	if v == "" || v == "none" {
		return scene.Show{}, nil
	}
	names := strings.Split(v, ",")
	for k, n := range names {
		names[k] = strings.TrimSpace(n)
		if !slices.Contains(layerNames, names[k]) {
			return scene.Show{}, &LinkError{"layers", v, "want a comma-separated list of " + strings.Join(layerNames, ", ") + ", or none"}
		}
	}
	return scene.ShowLayers(names), nil
}

// layersString is the inverse of parseLayers.
func layersString(s scene.Show) string {
	var out []string
	for i, on := range []bool{s.Territory, s.Roads, s.Labels} {
		if on {
			out = append(out, layerNames[i])
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ",")
}

// Query writes the link's parameters, in LinkKeys order; ParseLink reads
// them back to the same Link.
func (l Link) Query() string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strings.ReplaceAll(url.QueryEscape(v), "%2C", ",")) // commas read better and need no escape
	}
	if l.Scenario != "" {
		add("scenario", l.Scenario)
	}
	if l.Compare != "" {
		add("compare", l.Compare)
	}
	if l.Runs > 0 {
		add("runs", strconv.Itoa(l.Runs))
		add("seed", strconv.FormatUint(l.Seed, 10))
	}
	if l.Day != 0 {
		add("day", l.Day.String())
	}
	switch {
	case l.Focus != "":
		add("focus", l.Focus)
	case l.HasBox:
		add("focus", fmt.Sprintf("%s,%s,%s,%s", deg(l.Box.Min[0]), deg(l.Box.Min[1]), deg(l.Box.Max[0]), deg(l.Box.Max[1])))
	case l.HasCenter:
		add("focus", deg(l.Center[1])+","+deg(l.Center[0]))
	}
	if l.Zoom > 0 {
		add("zoom", strconv.FormatFloat(l.Zoom, 'f', -1, 64))
	}
	if l.Layers != nil && *l.Layers != scene.ShowAll {
		add("layers", layersString(*l.Layers))
	}
	if l.Step > 0 {
		add("step", strconv.Itoa(l.Step))
	}
	if l.Present {
		add("present", "1")
	}
	return b.String()
}

// deg formats degrees to 5 decimals (about a metre), without trailing zeros.
func deg(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e5)/1e5, 'f', -1, 64)
}

// Apply copies the link's view onto o.
func (l Link) Apply(o *Options) {
	o.Day, o.Focus, o.Zoom, o.Present = l.Day, l.Focus, l.Zoom, l.Present
	o.Center, o.HasCenter, o.Box, o.HasBox = l.Center, l.HasCenter, l.Box, l.HasBox
	o.Layers, o.Step, o.Scenario, o.CompareLink = l.Layers, l.Step, l.Scenario, l.Compare
	o.EnsembleRuns, o.EnsembleSeed = l.Runs, l.Seed
}

// CompareSides returns the scenario ids compare= opens, left and right,
// given defaultID, the documented history; ok is false without compare=.
func (l Link) CompareSides(defaultID string) (left, right string, ok bool) {
	switch l.Compare {
	case "":
		return "", "", false
	case CompareHistory:
		return defaultID, l.Scenario, true
	}
	left = l.Scenario
	if left == "" {
		left = defaultID
	}
	return left, l.Compare, true
}

func indexOfString(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// Link returns the deep link of what the viewer shows: the day it is on or
// heading to, the centre (a place when the view is centred on one, else a
// point), the zoom, the layers and presenter mode.
func (g *Game) Link() Link {
	if g.inStory() {
		return Link{Scenario: g.opts.Scenario, Compare: g.opts.CompareLink, Step: g.step, Present: true}
	}
	l := Link{Scenario: g.opts.Scenario, Compare: g.opts.CompareLink, Present: g.present, Runs: g.simRuns, Seed: g.simSeed}
	if g.days() > 0 {
		l.Day = g.TL.Days[int(math.Max(0, math.Min(float64(g.days()-1), math.Round(g.target))))].Date
	}
	if g.show != scene.ShowAll {
		s := g.show
		l.Layers = &s
	}
	if !g.viewInit {
		l.Focus, l.Zoom = g.opts.Focus, g.opts.Zoom
		l.Center, l.HasCenter, l.Box, l.HasBox = g.opts.Center, g.opts.HasCenter, g.opts.Box, g.opts.HasBox
		return l
	}
	fit := g.fitSyria()
	l.Zoom = math.Round(scene.ZoomLevel(g.view, fit)*1000) / 1000
	if math.Abs(l.Zoom-1) < 1e-3 && g.view.Center.Equal(fit.Center) {
		// All of Syria, which a link must ask for: a bare day opens on
		// the day's action.
		l.Zoom, l.Focus = 0, scene.FocusSyria
		return l
	}
	// A place within half a pixel of the centre names the view.
	cx, cy := g.view.ToScreen(g.view.Center)
	best, bestD := "", 0.5
	for _, p := range g.TL.Graph.Atlas.Places() {
		x, y := g.view.ToScreen(p.Point)
		if d := math.Hypot(x-cx, y-cy); d < bestD {
			best, bestD = p.ID, d
		}
	}
	if best != "" {
		l.Focus = best
	} else {
		l.Center, l.HasCenter = g.view.Center, true
	}
	return l
}
