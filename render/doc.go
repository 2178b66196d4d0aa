// Package render is frontline's Ebiten viewer: the window, its chrome
// (date, legend, scale, captions panel, timeline, search, help), input,
// screenshots of the window, and ensembles run in the background (the E
// key, a link's runs=; ensemble.go) and shown. What the map shows is built by
// render/scene as plain data; this package only paints it with Ebiten, as
// render/raster and render/svg paint it headless for the exports.
//
// Where to look. game.go holds Options, Game and its Update and Draw,
// and the pictures of each day kept between frames. Game's state comes in
// parts, each beside the code that uses it: view.go the view state
// (camera, day and clock, mode, compare mode) and the methods that move
// it; intent.go what a key or the pointer means, as plain data (tables of
// bindings from an inputs snapshot to intents, testable without Ebiten);
// input.go reading Ebiten's input, Game.do acting on the intents, the
// drags and the find box; panel.go the captions panel, laid out as plain
// data and then painted; ui.go the rest of the chrome (date, legend,
// scale, tooltip, timeline, find box, help); compare.go compare mode;
// story.go presenter mode's story; ensemble.go the background ensembles;
// open.go swapping in another scenario, dropped files and their problems;
// link.go the deep link of the view (parsed in render/link, which has no
// Ebiten); paint.go the Painter, which paints a scene with Ebiten; run.go
// the window and screenshots.
package render
