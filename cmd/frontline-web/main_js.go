//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/render"
	"github.com/frontline-sim/frontline/render/link"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	doc := js.Global().Get("document")
	loc := js.Global().Get("location")
	page := js.Global().Get("frontlinePage") // set by index.html
	o, tl, problem, err := start(loc.Get("search").String())
	if err != nil {
		page.Call("fatal", err.Error())
		return
	}
	o.OnLink = func(l link.Link) {
		q := l.Query()
		if q != "" {
			q = "?" + q
		}
		js.Global().Get("history").Call("replaceState", nil, "", loc.Get("pathname").String()+q)
		page.Call("linkChanged", q)
	}
	// The page paints its maps on the CPU: a browser without a GPU paints
	// WebGL on the CPU too, far more slowly (docs/performance.md).
	o.CPUMaps = true
	o.OnSimulated = func(runs int, took time.Duration) {
		page.Call("simulated", runs, took.Milliseconds())
	}
	g := render.NewGame(tl, o)
	if problem != "" {
		page.Call("showProblems", problem)
	}
	// The page calls these: open a file's text, or a bundled scenario.
	js.Global().Set("frontlineOpenFile", js.FuncOf(func(_ js.Value, args []js.Value) any {
		name, text := args[0].String(), args[1].String()
		t, err := render.OpenScenario(name, []byte(text))
		if err != nil {
			return err.Error()
		}
		g.Open(t, "")
		page.Call("fileOpened", name, t.Scenario.Title)
		return ""
	}))
	js.Global().Set("frontlineOpen", js.FuncOf(func(_ js.Value, args []js.Value) any {
		a, err := geo.Default()
		if err == nil {
			t, err2 := scenarios.ReplayBundled(args[0].String(), a)
			if err2 == nil {
				g.Open(t, args[0].String())
				return ""
			}
			err = err2
		}
		return err.Error()
	}))
	// The Simulate button: the ensemble of the scenario shown, run in
	// the page, or back to its replay (the E key does the same).
	js.Global().Set("frontlineToggleEnsemble", js.FuncOf(func(js.Value, []js.Value) any {
		g.ToggleEnsemble()
		return nil
	}))
	current := tl.Scenario.ID
	if o.Scenario != "" {
		current = o.Scenario // a compare link's what-if, or the scenario it names
	}
	page.Call("ready", catalogueJSON(), current)
	_ = doc
	ebiten.SetWindowTitle("frontline — " + tl.Scenario.Title)
	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(g); err != nil {
		page.Call("fatal", err.Error())
	}
}
