package sim

// LatentCheck runs runs conditional runs of m (the scored places pinned
// to the ledger tl) and counts the scored places off the ledger and the
// unmentioned places that changed hands, then the pressure terms of the
// documented path before and after its latent terms.
func LatentCheck(m *Model, tl *Timeline, runs int) (offLedger, moved, before, after int, err error) {
	r := m.NewRunner()
	r.pin, r.pinUntil = m.Scored, m.Until
	for run := range runs {
		r.Run(1, run, tl, m.Start-1, func(d *DayResult) {
			doc := tl.Day(m.days[d.Day].date)
			for i, o := range d.Ctrl {
				switch {
				case m.Scored[i] && o != m.faction(doc.Place(i).Controller):
					offLedger++
				case !m.Scored[i] && o != m.initial[i]:
					moved++
				}
			}
		})
	}
	pt := m.newPath(tl, m.Until)
	for _, d := range pt.days {
		before += len(d.pairs)
	}
	if err = pt.setLatent(tl, m.P, runs, 1); err != nil {
		return
	}
	for _, d := range pt.days {
		after += len(d.pairs)
		if len(d.pairs) < d.nDoc {
			after = -1
			return
		}
	}
	return
}
