// Command frontline-web is the viewer built for the browser
// (GOOS=js GOARCH=wasm): `make web` builds it with index.html and Go's
// wasm_exec.js into build/web, a static site for any static host.
//
// The page opens on the deep link in its address (?day=…&focus=…&zoom=…,
// read by link.Parse of render/link, the parser the desktop flags use), keeps the
// address on the view as it moves (history.replaceState), offers the
// bundled scenarios and opens a scenario file dropped on it, checking it
// in the page with the same file:line problems as `frontline validate`.
// Its Simulate button (or E) runs the model's ensemble of the scenario
// shown in the page itself (render.Ensemble), yielding to the browser as
// it goes, and a compare=1 link of a what-if both sides' ensembles; the
// days are mapped as they are drawn. The page paints each day's map on the
// CPU with render/raster (render.Options.CPUMaps), which a browser without
// a GPU does far faster than its WebGL. While the wasm downloads, index.html
// shows a bar of the bytes received.
package main
