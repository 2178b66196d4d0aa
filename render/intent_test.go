package render

import (
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// pressing is the inputs of a tick on which keys are pressed, with mods
// held down.
func pressing(keys []ebiten.Key, mods ...ebiten.Key) *inputs {
	in := &inputs{x: 300, y: 200}
	for _, k := range keys {
		in.just[k], in.typed[k], in.held[k] = true, true, true
	}
	for _, k := range mods {
		in.held[k] = true
	}
	return in
}

// repeating is the inputs of a tick on which key repeats, held down.
func repeating(k ebiten.Key, mods ...ebiten.Key) *inputs {
	in := pressing(nil, mods...)
	in.typed[k], in.held[k] = true, true
	return in
}

func keys(k ...ebiten.Key) []ebiten.Key { return k }

// TestKeyIntents: what the viewer's keys mean, as plain data, without
// Ebiten's input: the first binding that fires wins (Shift with an arrow
// pans, the arrow alone steps the day; Ctrl+F finds, F alone presents),
// repeating keys act while held,
// and X means something only in compare mode.
func TestKeyIntents(t *testing.T) {
	for _, tt := range []struct {
		name    string
		in      *inputs
		compare bool
		want    intent
	}{
		{"nothing", pressing(nil), false, intent{}},
		{"Space", pressing(keys(ebiten.KeySpace)), false, intent{do: doPlay}},
		{"←", pressing(keys(ebiten.KeyLeft)), false, intent{do: doDayBack}},
		{"→ held", repeating(ebiten.KeyRight), false, intent{do: doDayNext}},
		{"Shift+←", pressing(keys(ebiten.KeyLeft), ebiten.KeyShift), false, intent{do: doPan, dx: panStep}},
		{"Shift+↓ held", repeating(ebiten.KeyDown, ebiten.KeyShift), false, intent{do: doPan, dy: -panStep}},
		{"↓ alone", pressing(keys(ebiten.KeyDown)), false, intent{}},
		{"Home", pressing(keys(ebiten.KeyHome)), false, intent{do: doFirstDay}},
		{"End held", repeating(ebiten.KeyEnd), false, intent{}},
		{"]", pressing(keys(ebiten.KeyBracketRight)), false, intent{do: doFaster}},
		{",", pressing(keys(ebiten.KeyComma)), false, intent{do: doSlower}},
		{"+ about the cursor", pressing(keys(ebiten.KeyEqual)), false, intent{do: doZoom, zoom: 1.25, x: 300, y: 200}},
		{"− held", repeating(ebiten.KeyMinus), false, intent{do: doZoom, zoom: 0.8, x: 300, y: 200}},
		{"1", pressing(keys(ebiten.Key1)), false, intent{do: doFitSyria}},
		{"N", pressing(keys(ebiten.KeyN)), false, intent{do: doFitNorthWest}},
		{"T", pressing(keys(ebiten.KeyT)), false, intent{do: doTerritory}},
		{"C", pressing(keys(ebiten.KeyC)), false, intent{do: doPanel}},
		{"F", pressing(keys(ebiten.KeyF)), false, intent{do: doPresent}},
		{"/", pressing(keys(ebiten.KeySlash)), false, intent{do: doFind}},
		{"Ctrl+F", pressing(keys(ebiten.KeyF), ebiten.KeyControl), false, intent{do: doFind}},
		{"Cmd+F", pressing(keys(ebiten.KeyF), ebiten.KeyMeta), false, intent{do: doFind}},
		{"E", pressing(keys(ebiten.KeyE)), false, intent{do: doEnsemble}},
		{"X outside compare mode", pressing(keys(ebiten.KeyX)), false, intent{}},
		{"X in compare mode", pressing(keys(ebiten.KeyX)), true, intent{do: doSwipeMode}},
		{"X and H outside compare mode", pressing(keys(ebiten.KeyX, ebiten.KeyH)), false, intent{do: doHelp}},
		{"F1", pressing(keys(ebiten.KeyF1)), false, intent{do: doHelp}},
		{"Esc", pressing(keys(ebiten.KeyEscape)), false, intent{do: doEscape}},
		{"Space before Esc", pressing(keys(ebiten.KeyEscape, ebiten.KeySpace)), false, intent{do: doPlay}},
	} {
		if got := keyIntent(tt.in, tt.compare); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestStoryIntents: in the story, the clicker's keys step through it and
// the others fall through to the viewer's (doNothing here).
func TestStoryIntents(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   *inputs
		want action
	}{
		{"→", pressing(keys(ebiten.KeyRight)), doStepNext},
		{"Page Down", pressing(keys(ebiten.KeyPageDown)), doStepNext},
		{"Space", pressing(keys(ebiten.KeySpace)), doStepNext},
		{"↑", pressing(keys(ebiten.KeyUp)), doStepBack},
		{"Backspace", pressing(keys(ebiten.KeyBackspace)), doStepBack},
		{"Home", pressing(keys(ebiten.KeyHome)), doStepFirst},
		{"End", pressing(keys(ebiten.KeyEnd)), doStepLast},
		{"S", pressing(keys(ebiten.KeyS)), doStepLeave},
		{"→ held", repeating(ebiten.KeyRight), doNothing},
		{"Esc", pressing(keys(ebiten.KeyEscape)), doNothing},
	} {
		if got := storyIntent(tt.in); got.do != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got.do, tt.want)
		}
	}
}

// TestFindKeys: the find box's keys.
func TestFindKeys(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   *inputs
		want findKey
	}{
		{"a letter", pressing(keys(ebiten.KeyA)), findNone},
		{"Esc", pressing(keys(ebiten.KeyEscape)), findCancel},
		{"Backspace", pressing(keys(ebiten.KeyBackspace)), findBack},
		{"Tab", pressing(keys(ebiten.KeyTab)), findDown},
		{"↑", pressing(keys(ebiten.KeyUp)), findUp},
		{"keypad Enter", pressing(keys(ebiten.KeyKPEnter)), findGo},
		{"Esc before Enter", pressing(keys(ebiten.KeyEnter, ebiten.KeyEscape)), findCancel},
	} {
		if got := findKeyOf(tt.in); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPointerIntents: the wheel zooms the map or scrolls the panel, and
// a press does what the part of the window under it is for.
func TestPointerIntents(t *testing.T) {
	wheel := &inputs{x: 10, y: 20, wheel: 2}
	press := &inputs{x: 10, y: 20, press: true, down: true}
	held := &inputs{x: 10, y: 20, down: true}
	for _, tt := range []struct {
		name string
		in   *inputs
		at   part
		want []intent
	}{
		{"wheel on the map", wheel, onMap, []intent{{do: doZoom, zoom: math.Pow(wheelZoom, 2), x: 10, y: 20}}},
		{"wheel on the swipe line", wheel, onSwipe, []intent{{do: doZoom, zoom: math.Pow(wheelZoom, 2), x: 10, y: 20}}},
		{"wheel on the panel", wheel, onPanel, []intent{{do: doScroll, dy: -2 * wheelScroll}}},
		{"wheel on the timeline", wheel, onTimeline, nil},
		{"press on play", press, onPlay, []intent{{do: doPlay}}},
		{"press on the swipe line", press, onSwipe, []intent{{do: doGrab, grab: dragSwipe, x: 10, y: 20}}},
		{"press on the timeline", press, onTimeline, []intent{{do: doGrab, grab: dragTimeline, x: 10, y: 20}}},
		{"press on the map", press, onMap, []intent{{do: doGrab, grab: dragMap, x: 10, y: 20}}},
		{"press on the panel", press, onPanel, []intent{{do: doPickItem, x: 10, y: 20}}},
		{"press elsewhere", press, offParts, nil},
		{"held, not pressed", held, onMap, nil},
	} {
		got := pointerIntents(tt.in, tt.at)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
			continue
		}
		for k := range got {
			if got[k] != tt.want[k] {
				t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
			}
		}
	}
}

// TestDoIntents: the game acts on intents as the keys promise: play from
// the last day starts again from the first, the days step and clamp, Esc
// closes the help before it unpins.
func TestDoIntents(t *testing.T) {
	tl := builtinTimeline(t)
	g := NewGame(tl, Options{})
	g.relayout(1280, 720)
	last := float64(g.days() - 1)
	g.do(intent{do: doLastDay})
	if g.target != last {
		t.Fatalf("End: target %v, want %v", g.target, last)
	}
	g.pos = g.target
	g.do(intent{do: doDayNext})
	if g.target != last {
		t.Errorf("→ on the last day: target %v, want %v", g.target, last)
	}
	g.do(intent{do: doPlay})
	if !g.playing || g.pos != 0 {
		t.Errorf("Space on the last day: playing %v at %v, want playing from 0", g.playing, g.pos)
	}
	g.do(intent{do: doPlay})
	g.do(intent{do: doFaster})
	g.do(intent{do: doFaster})
	g.do(intent{do: doFaster})
	if g.playing || g.speed != len(Speeds)-1 {
		t.Errorf("Space then ] three times: playing %v, speed %d", g.playing, g.speed)
	}
	g.pinned, g.help = 3, true
	g.do(intent{do: doEscape})
	if g.help || g.pinned != 3 {
		t.Errorf("Esc with help open: help %v, pinned %d", g.help, g.pinned)
	}
	g.do(intent{do: doEscape})
	if g.pinned != -1 {
		t.Errorf("Esc again: pinned %d, want none", g.pinned)
	}
	g.do(intent{do: doGrab, grab: dragTimeline, x: g.lay.Track().X})
	if g.dragging != dragTimeline || g.pos != 0 {
		t.Errorf("a press on the timeline's start: dragging %v, on %v", g.dragging, g.pos)
	}
}
