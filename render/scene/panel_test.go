package scene

import (
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// TestPanelOrder: every day's panel opens on its most important change;
// 12-04 on a capture, not the coalition's strikes in Deir ez-Zor, and no
// annotation comes before a change of control.
func TestPanelOrder(t *testing.T) {
	tl := builtinTimeline(t)
	for _, d := range tl.Days {
		order := PanelOrder(tl, d.Events)
		if len(order) != len(d.Events) {
			t.Fatalf("%s: %d events in the panel, want %d", d.Date, len(order), len(d.Events))
		}
		seenNote := false
		for _, k := range order {
			e := tl.Scenario.Events[k]
			if e.Kind == sim.Annotation {
				seenNote = true
			} else if seenNote {
				t.Errorf("%s: %s (%s) after an annotation", d.Date, e.ID, e.Kind)
			}
		}
	}
	d := tl.Days[dayIndex(t, tl, "2024-12-04")]
	if e := tl.Scenario.Events[PanelOrder(tl, d.Events)[0]]; e.Kind != sim.Captured {
		t.Errorf("12-04 opens on %s (%s); want a capture", e.ID, e.Kind)
	}
	d = tl.Days[dayIndex(t, tl, "2024-11-30")]
	if e := tl.Scenario.Events[PanelOrder(tl, d.Events)[0]]; e.Target.Place != "aleppo" {
		t.Errorf("11-30 opens on %s; want Aleppo's capture", e.ID)
	}
}
