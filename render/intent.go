package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// This file says what a key or the pointer means, as plain data: the
// keyboard and the pointer of one tick (inputs, which input.go reads from
// Ebiten) become intents, which Game.do acts on. Nothing here reads
// Ebiten's input or draws, so a test can press keys by filling an inputs.

// action is what an intent asks the viewer to do.
type action int

const (
	doNothing action = iota

	doPlay         // play or pause; from the first day when at the last
	doPan          // move the map by (dx, dy) pixels
	doDayBack      // the previous day
	doDayNext      // the next day
	doFirstDay     // the first day
	doLastDay      // the last day
	doFaster       // the next playback speed
	doSlower       // the previous playback speed
	doZoom         // zoom by zoom about (x, y), or the map's centre when (x, y) is off the map
	doFitSyria     // all of Syria
	doFitNorthWest // the north-west, where the offensive ran
	doTerritory    // territory on or off
	doRoads        // roads on or off
	doLabels       // labels on or off
	doPanel        // the captions panel on or off
	doPresent      // presenter mode on or off
	doFind         // open the find box
	doEnsemble     // simulate the scenario shown, or back to its replay
	doSwipeMode    // compare mode: a swipe line instead of side by side, or back
	doHelp         // the key list on or off
	doEscape       // close the problems or the help, unpin, leave presenter mode

	// In presenter mode's story.
	doStepNext  // the next story step
	doStepBack  // the previous story step
	doStepFirst // the first story step
	doStepLast  // the last story step
	doStepLeave // leave the story; presenter mode stays

	// The pointer.
	doScroll   // scroll the captions panel by dy pixels
	doGrab     // start dragging grab at (x, y)
	doPickItem // go to the panel's entry at (x, y), if any
)

// intent is one thing a key or the pointer asks for.
type intent struct {
	do     action
	dx, dy float64 // doPan, doScroll: pixels
	zoom   float64 // doZoom: the factor
	x, y   float64 // doZoom, doGrab, doPickItem: where, on the screen
	grab   drag    // doGrab: what is dragged
}

// drag is what the left button drags.
type drag int

const (
	dragNone     drag = iota
	dragMap           // pan the map
	dragTimeline      // scrub the day
	dragSwipe         // move compare mode's swipe line
)

// keySet holds one flag per key.
type keySet [ebiten.KeyMax + 1]bool

// inputs are the keyboard and the pointer on one tick.
type inputs struct {
	just  keySet // pressed on this tick
	typed keySet // just pressed, or held long enough to repeat (this tick is a repeat)
	held  keySet // down

	x, y                 int     // the cursor
	wheel                float64 // the wheel's vertical turn
	press, down, release bool    // the left button: pressed on this tick, down, released on this tick
}

// The key repeat: a key held for more than repeatDelay ticks fires again
// every repeatEvery ticks.
const (
	repeatDelay = 20
	repeatEvery = 4
)

// modifier is a key a binding needs held with its own.
type modifier int

const (
	anyMod modifier = iota // with or without modifiers
	withShift
	withCtrl // Control, or Command on a Mac
)

// binding is what one key means: on its press alone, or also while held
// (repeat); with a modifier; only in compare mode.
type binding struct {
	key     ebiten.Key
	mod     modifier
	repeat  bool
	compare bool // only in compare mode
	intent  intent
}

// panStep is how far Shift and an arrow pan the map, in pixels.
const panStep = 80.0

// keyBindings are the viewer's keys outside the find box and the story,
// the first that matches winning: Shift with an arrow pans before the
// arrow alone steps the day, Ctrl+F finds before F alone presents.
// docs/viewer.md and helpRows list them.
var keyBindings = []binding{
	{key: ebiten.KeySpace, intent: intent{do: doPlay}},
	{key: ebiten.KeyLeft, mod: withShift, repeat: true, intent: intent{do: doPan, dx: panStep}},
	{key: ebiten.KeyRight, mod: withShift, repeat: true, intent: intent{do: doPan, dx: -panStep}},
	{key: ebiten.KeyUp, mod: withShift, repeat: true, intent: intent{do: doPan, dy: panStep}},
	{key: ebiten.KeyDown, mod: withShift, repeat: true, intent: intent{do: doPan, dy: -panStep}},
	{key: ebiten.KeyLeft, repeat: true, intent: intent{do: doDayBack}},
	{key: ebiten.KeyRight, repeat: true, intent: intent{do: doDayNext}},
	{key: ebiten.KeyHome, intent: intent{do: doFirstDay}},
	{key: ebiten.KeyEnd, intent: intent{do: doLastDay}},
	{key: ebiten.KeyBracketRight, intent: intent{do: doFaster}},
	{key: ebiten.KeyPeriod, intent: intent{do: doFaster}},
	{key: ebiten.KeyBracketLeft, intent: intent{do: doSlower}},
	{key: ebiten.KeyComma, intent: intent{do: doSlower}},
	{key: ebiten.KeyEqual, repeat: true, intent: intent{do: doZoom, zoom: 1.25}},
	{key: ebiten.KeyKPAdd, repeat: true, intent: intent{do: doZoom, zoom: 1.25}},
	{key: ebiten.KeyMinus, repeat: true, intent: intent{do: doZoom, zoom: 0.8}},
	{key: ebiten.KeyKPSubtract, repeat: true, intent: intent{do: doZoom, zoom: 0.8}},
	{key: ebiten.Key0, intent: intent{do: doFitSyria}},
	{key: ebiten.Key1, intent: intent{do: doFitSyria}},
	{key: ebiten.KeyZ, intent: intent{do: doFitSyria}},
	{key: ebiten.Key2, intent: intent{do: doFitNorthWest}},
	{key: ebiten.KeyN, intent: intent{do: doFitNorthWest}},
	{key: ebiten.KeyT, intent: intent{do: doTerritory}},
	{key: ebiten.KeyR, intent: intent{do: doRoads}},
	{key: ebiten.KeyL, intent: intent{do: doLabels}},
	{key: ebiten.KeyC, intent: intent{do: doPanel}},
	{key: ebiten.KeyF, mod: withCtrl, intent: intent{do: doFind}},
	{key: ebiten.KeyF, intent: intent{do: doPresent}},
	{key: ebiten.KeySlash, intent: intent{do: doFind}},
	{key: ebiten.KeyE, intent: intent{do: doEnsemble}},
	{key: ebiten.KeyX, compare: true, intent: intent{do: doSwipeMode}},
	{key: ebiten.KeyH, intent: intent{do: doHelp}},
	{key: ebiten.KeyF1, intent: intent{do: doHelp}},
	{key: ebiten.KeyEscape, intent: intent{do: doEscape}},
}

// storyBindings are the story's keys in presenter mode, which come before
// keyBindings: → ↓ Page Down Space Enter next, ← ↑ Page Up Backspace back,
// Home End first and last, S leaves the story.
var storyBindings = []binding{
	{key: ebiten.KeyRight, intent: intent{do: doStepNext}},
	{key: ebiten.KeyDown, intent: intent{do: doStepNext}},
	{key: ebiten.KeyPageDown, intent: intent{do: doStepNext}},
	{key: ebiten.KeySpace, intent: intent{do: doStepNext}},
	{key: ebiten.KeyEnter, intent: intent{do: doStepNext}},
	{key: ebiten.KeyLeft, intent: intent{do: doStepBack}},
	{key: ebiten.KeyUp, intent: intent{do: doStepBack}},
	{key: ebiten.KeyPageUp, intent: intent{do: doStepBack}},
	{key: ebiten.KeyBackspace, intent: intent{do: doStepBack}},
	{key: ebiten.KeyHome, intent: intent{do: doStepFirst}},
	{key: ebiten.KeyEnd, intent: intent{do: doStepLast}},
	{key: ebiten.KeyS, intent: intent{do: doStepLeave}},
}

// fires reports whether b's key fires on this tick with its modifier.
func (b binding) fires(in *inputs, compare bool) bool {
	if b.compare && !compare {
		return false
	}
	switch b.mod {
	case withShift:
		if !in.held[ebiten.KeyShift] {
			return false
		}
	case withCtrl:
		if !in.held[ebiten.KeyControl] && !in.held[ebiten.KeyMeta] {
			return false
		}
	}
	if b.repeat {
		return in.typed[b.key]
	}
	return in.just[b.key]
}

// firstIntent is the intent of the first of bindings that fires, or
// doNothing. compare says whether compare mode is on.
func firstIntent(bindings []binding, in *inputs, compare bool) intent {
	for _, b := range bindings {
		if b.fires(in, compare) {
			return b.intent
		}
	}
	return intent{}
}

// keyIntent is what the keys of this tick mean outside the find box and
// the story; a zoom is about the cursor.
func keyIntent(in *inputs, compare bool) intent {
	it := firstIntent(keyBindings, in, compare)
	if it.do == doZoom {
		it.x, it.y = float64(in.x), float64(in.y)
	}
	return it
}

// storyIntent is what the keys of this tick mean in the story, or
// doNothing when they are not the story's.
func storyIntent(in *inputs) intent { return firstIntent(storyBindings, in, false) }

// The find box's keys, beside the text typed.
type findKey int

const (
	findNone   findKey = iota
	findCancel         // Esc
	findBack           // Backspace
	findDown           // ↓ or Tab: the next suggestion
	findUp             // ↑: the previous one
	findGo             // Enter: go to the suggestion picked
)

// findBindings are the find box's keys, the first pressed winning.
var findBindings = []struct {
	key ebiten.Key
	do  findKey
}{
	{ebiten.KeyEscape, findCancel},
	{ebiten.KeyBackspace, findBack},
	{ebiten.KeyDown, findDown},
	{ebiten.KeyTab, findDown},
	{ebiten.KeyUp, findUp},
	{ebiten.KeyEnter, findGo},
	{ebiten.KeyKPEnter, findGo},
}

// findKeyOf is the find box's key pressed on this tick, or findNone.
func findKeyOf(in *inputs) findKey {
	for _, b := range findBindings {
		if in.just[b.key] {
			return b.do
		}
	}
	return findNone
}

// part is the part of the window under the pointer, for its clicks and
// wheel, as Game.partAt finds it.
type part int

const (
	offParts   part = iota // none of the window's parts below
	onPlay                 // the play button
	onSwipe                // compare mode's swipe line, on the map
	onTimeline             // the timeline, outside the play button
	onMap                  // the map, away from the swipe line
	onPanel                // the captions panel
)

// Wheel steps: a notch zooms the map by wheelZoom, or scrolls the panel
// by wheelScroll pixels.
const (
	wheelZoom   = 1.15
	wheelScroll = 40.0
)

// pointerIntents are what the wheel and a press of the left button mean
// on this tick, over the window's part at: the wheel zooms the map about
// the cursor or scrolls the panel; a press plays or pauses on the play
// button, picks a panel entry, or starts a drag of the swipe line, the
// timeline or the map. Dragging and releasing are Game.mouse's.
func pointerIntents(in *inputs, at part) []intent {
	var out []intent
	x, y := float64(in.x), float64(in.y)
	if in.wheel != 0 {
		switch at {
		case onMap, onSwipe:
			out = append(out, intent{do: doZoom, zoom: math.Pow(wheelZoom, in.wheel), x: x, y: y})
		case onPanel:
			out = append(out, intent{do: doScroll, dy: -in.wheel * wheelScroll})
		}
	}
	if in.press {
		switch at {
		case onPlay:
			out = append(out, intent{do: doPlay})
		case onSwipe:
			out = append(out, intent{do: doGrab, grab: dragSwipe, x: x, y: y})
		case onTimeline:
			out = append(out, intent{do: doGrab, grab: dragTimeline, x: x, y: y})
		case onMap:
			out = append(out, intent{do: doGrab, grab: dragMap, x: x, y: y})
		case onPanel:
			out = append(out, intent{do: doPickItem, x: x, y: y})
		}
	}
	return out
}
