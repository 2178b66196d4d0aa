package link

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

// Link is a view the viewer opens on: the fields of a deep link.
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
	// runs with Seed, as the viewer's E key does: the same link gives the
	// same probabilities on any machine.
	Runs int
	Seed uint64

	HasCenter, HasBox bool
}

// DefaultRuns is how many runs a simulation opened without runs= makes
// (the viewer's E key, the web page's Simulate button, a compare of
// what-ifs): enough for shares to about ±4 points, few enough to take a
// second or two in a browser. A link's error suggests it.
const DefaultRuns = 200

// MaxRuns bounds a link's runs=: a link is untrusted, and the page runs
// what it asks for on the reader's machine.
const MaxRuns = 10_000

// CompareHistory is the compare= value that sets the link's scenario
// against the documented history.
const CompareHistory = "1"

// maxID bounds a scenario id in a link.
const maxID = 64

// A key is one parameter of a link: how it is read into a Link and
// written back from one. parse gets the value trimmed of spaces, and runs
// after the keys before it in the table, so that it may check them;
// write returns "" when the Link does not carry the key.
type key struct {
	name  string
	parse func(l *Link, v string, a *geo.Atlas) error
	write func(l Link) string
}

// keys is the table of a link's parameters, in the order Parse reads
// them and Query writes them.
var keys = []key{
	{"scenario", parseScenario, func(l Link) string { return l.Scenario }},
	{"compare", parseCompare, func(l Link) string { return l.Compare }},
	{"runs", parseRuns, func(l Link) string { return ifPositive(l.Runs, strconv.Itoa(l.Runs)) }},
	{"seed", parseSeed, func(l Link) string { return ifPositive(l.Runs, strconv.FormatUint(l.Seed, 10)) }},
	{"day", parseDay, func(l Link) string { return ifPositive(int(l.Day), l.Day.String()) }},
	{"focus", parseFocus, writeFocus},
	{"zoom", parseZoom, func(l Link) string { return ifPositive(l.Zoom, strconv.FormatFloat(l.Zoom, 'f', -1, 64)) }},
	{"layers", parseLayers, writeLayers},
	{"step", parseStep, func(l Link) string { return ifPositive(l.Step, strconv.Itoa(l.Step)) }},
	{"present", parsePresent, func(l Link) string { return ifPositive(boolInt(l.Present), "1") }},
}

// Keys are the keys a deep link may carry, in the order Query writes them.
var Keys = func() []string {
	var out []string
	for _, k := range keys {
		out = append(out, k.name)
	}
	return out
}()

// Error is a bad deep-link value: Key names the parameter (the desktop
// viewer prints it as a --flag).
type Error struct {
	Key, Value, Msg string
}

// Error names the key and value, capped by safetext.Name: a link of a
// megabyte is not echoed back whole.
func (e *Error) Error() string {
	return safetext.Name(e.Key+"="+e.Value) + ": " + e.Msg
}

// Parse reads a deep link's parameters. Unknown keys are an error with a
// suggestion, so that a mistyped link says so instead of opening on the
// wrong view. focus takes a place (id, name or alias, looked up in a), a
// point "lat,lon", or a box "west,south,east,north" in degrees.
func Parse(q url.Values, a *geo.Atlas) (Link, error) {
	var l Link
	if err := checkKeys(q); err != nil {
		return l, err
	}
	for _, k := range keys {
		if v, ok := q[k.name]; ok {
			if err := k.parse(&l, strings.TrimSpace(v[0]), a); err != nil {
				return l, err
			}
		}
	}
	switch {
	case l.Runs > 0 && l.Compare != "":
		return l, &Error{"runs", strconv.Itoa(l.Runs), "shows one scenario's ensemble: leave out compare="}
	case l.Compare == CompareHistory && l.Scenario == "":
		return l, &Error{"compare", "1", "compares scenario= with the history: add a what-if, like scenario=no-air-support&compare=1"}
	}
	return l, nil
}

// checkKeys refuses a key not in the table, naming the nearest one, and a
// key given twice; in sorted order, so that the first problem named is
// the same for the same link.
func checkKeys(q url.Values) error {
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(Keys, k) {
			best, bestD := "", 3
			for _, c := range Keys {
				if d := geo.Levenshtein(k, c); d < bestD {
					best, bestD = c, d
				}
			}
			msg := "unknown parameter; a link takes " + strings.Join(Keys, ", ")
			if best != "" {
				msg += "; did you mean " + best + "?"
			}
			return &Error{k, q.Get(k), msg}
		}
		if len(q[k]) > 1 {
			return &Error{k, q.Get(k), "given more than once"}
		}
	}
	return nil
}

// Query writes the link's parameters, in Keys order; Parse reads them
// back to the same Link.
func (l Link) Query() string {
	var b strings.Builder
	for _, k := range keys {
		v := k.write(l)
		if v == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k.name)
		b.WriteByte('=')
		b.WriteString(strings.ReplaceAll(url.QueryEscape(v), "%2C", ",")) // commas read better and need no escape
	}
	return b.String()
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

// ifPositive returns s when n is positive, else "".
func ifPositive[N int | float64](n N, s string) string {
	if n > 0 {
		return s
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// badID reports whether v cannot be a scenario id: ids are short and name
// no path.
func badID(v string) bool {
	return len(v) > maxID || strings.ContainsAny(v, "/\\")
}

// yesNo reads a boolean value; ok is false for anything else.
func yesNo(v string) (yes, ok bool) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

func parseScenario(l *Link, v string, _ *geo.Atlas) error {
	if v == "" || badID(v) {
		return &Error{"scenario", v, "want a scenario id, like offensive-2024"}
	}
	l.Scenario = v
	return nil
}

func parseCompare(l *Link, v string, _ *geo.Atlas) error {
	if yes, ok := yesNo(v); ok {
		if yes {
			l.Compare = CompareHistory
		}
		return nil
	}
	if badID(v) {
		return &Error{"compare", v, "want 1 (the scenario against the history) or a what-if's id, like aleppo-holds"}
	}
	l.Compare = v
	return nil
}

func parseRuns(l *Link, v string, _ *geo.Atlas) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxRuns {
		return &Error{"runs", v, fmt.Sprintf("want a number of runs from 1 to %d, like runs=%d", MaxRuns, DefaultRuns)}
	}
	l.Runs, l.Seed = n, 1
	return nil
}

func parseSeed(l *Link, v string, _ *geo.Atlas) error {
	n, err := strconv.ParseUint(v, 10, 64)
	switch {
	case err != nil:
		return &Error{"seed", v, "want a whole number from 0, like seed=1"}
	case l.Runs == 0:
		return &Error{"seed", v, "goes with runs=: add runs=" + strconv.Itoa(DefaultRuns)}
	}
	l.Seed = n
	return nil
}

func parseDay(l *Link, v string, _ *geo.Atlas) error {
	d, err := sim.ParseDate(v)
	if err != nil {
		return &Error{"day", v, "want a date YYYY-MM-DD, like 2024-11-30"}
	}
	l.Day = d
	return nil
}

func parseZoom(l *Link, v string, _ *geo.Atlas) error {
	z, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(z) || z < 0.1 || z > 500 {
		return &Error{"zoom", v, "want a factor from 0.1 to 500 (1 fits Syria)"}
	}
	l.Zoom = z
	return nil
}

func parseStep(l *Link, v string, _ *geo.Atlas) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return &Error{"step", v, "want a story step number from 1"}
	}
	l.Step, l.Present = n, true // a story step is shown in presenter mode
	return nil
}

// parsePresent reads present=; a bare present turns it on, and present=0
// does not turn off a story step's presenter mode.
func parsePresent(l *Link, v string, _ *geo.Atlas) error {
	yes, ok := yesNo(v)
	switch {
	case v == "" || yes:
		l.Present = true
	case !ok:
		return &Error{"present", v, "want 1 or 0"}
	}
	return nil
}

// parseFocus reads a place, a point lat,lon or a box west,south,east,north.
func parseFocus(l *Link, v string, a *geo.Atlas) error {
	if strings.Contains(v, ",") {
		var f []float64
		for _, p := range strings.Split(v, ",") {
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
		return &Error{"focus", v, "want a place, a point lat,lon (36.2,37.16) or a box west,south,east,north (36,35,37.5,36.6)"}
	}
	if strings.EqualFold(v, scene.FocusSyria) {
		l.Focus = scene.FocusSyria
		return nil
	}
	p, err := a.Lookup(v)
	if err != nil {
		return &Error{"focus", v, err.Error()}
	}
	l.Focus = p.ID
	return nil
}

func writeFocus(l Link) string {
	switch {
	case l.Focus != "":
		return l.Focus
	case l.HasBox:
		return fmt.Sprintf("%s,%s,%s,%s", deg(l.Box.Min[0]), deg(l.Box.Min[1]), deg(l.Box.Max[0]), deg(l.Box.Max[1]))
	case l.HasCenter:
		return deg(l.Center[1]) + "," + deg(l.Center[0])
	}
	return ""
}

// deg formats degrees to 5 decimals (about a metre), without trailing zeros.
func deg(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e5)/1e5, 'f', -1, 64)
}

// layerNames are the layers a link may name: those a story step may, in
// the order of scene.Show's fields.
var layerNames = scenarios.StoryLayers

func parseLayers(l *Link, v string, _ *geo.Atlas) error {
	var s scene.Show
	if v != "" && v != "none" {
		names := strings.Split(v, ",")
		for k, n := range names {
			names[k] = strings.TrimSpace(n)
			if !slices.Contains(layerNames, names[k]) {
				return &Error{"layers", v, "want a comma-separated list of " + strings.Join(layerNames, ", ") + ", or none"}
			}
		}
		s = scene.ShowLayers(names)
	}
	l.Layers = &s
	return nil
}

// writeLayers is the inverse of parseLayers; all layers, the default, go
// unwritten.
func writeLayers(l Link) string {
	if l.Layers == nil || *l.Layers == scene.ShowAll {
		return ""
	}
	var out []string
	for i, on := range []bool{l.Layers.Territory, l.Layers.Roads, l.Layers.Labels} {
		if on {
			out = append(out, layerNames[i])
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ",")
}
