package sim

import "github.com/paulmach/orb"

// Story is a briefing storyboard: the ordered steps a teacher or a briefer
// walks a room through. It is part of a scenario file (story:) and is
// checked like the rest of it; the viewer's presenter mode plays it.
type Story struct {
	Title string
	Steps []StoryStep
}

// StoryStep is one moment of a story: a day, where to look, what to show
// and what to say.
type StoryStep struct {
	Title     string    // a short heading
	Day       Date      // the day shown
	Focus     string    // a place id to centre on; "" for none
	Box       orb.Bound // a lon/lat box to fit, when HasBox
	HasBox    bool      //
	Zoom      float64   // relative to the whole-Syria view; 0 for the default
	Layers    []string  // the layers shown (territory, roads, labels); nil for all
	Highlight []string  // place ids ringed on the map
	Caption   string    // a few lines for the room
	Compare   string    // a what-if to compare against: a bundled id or a file; "" for none
}
