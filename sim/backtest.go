package sim

import (
	"fmt"
	"strings"
)

// BacktestOrigin is one origin of the rolling-origin backtest: the model
// and the distance-only baseline refitted to the documents up to
// FitUntil, each forecasting from the documented state of that day to
// the last documented day, scored against the documents, beside the
// baseline in which nothing falls.
type BacktestOrigin struct {
	FitUntil     Date          `json:"fit_until"`
	Captures     int           `json:"captures"` // documented captures after FitUntil
	Model        BacktestSkill `json:"model"`
	NothingFalls BacktestSkill `json:"nothing_falls"`
	DistanceOnly BacktestSkill `json:"distance_only"`
	// Coverage is the model's p10–p90 fan at this origin, under fixed
	// and under posterior draws (null when the fit's Hessian is not
	// positive definite).
	Coverage *Coverage `json:"coverage"`
}

// BacktestSkill are one forecaster's scores at one origin: Skill's MAE,
// one-day-ahead Brier and CRPS of the fall days (Skill.CRPS).
type BacktestSkill struct {
	MAEDays float64 `json:"mae_days"`
	Brier   float64 `json:"brier"`
	CRPS    float64 `json:"crps"`
}

func backtestSkill(s Skill) BacktestSkill {
	return BacktestSkill{MAEDays: s.MAEDays, Brier: s.Brier, CRPS: s.CRPS}
}

// backtestFrom is the first origin of the backtest: the third
// documented day (11-26 to 11-28 in the fit).
var backtestFrom = MustDate("2024-11-28")

// backtest refits at every origin from backtestFrom to the day before
// the last documented day, with the model's design options od, and
// scores the forecasts (see BacktestOrigin). Nothing after an origin
// enters its fit: the likelihood stops at the origin and the forecast
// starts from its documented state. What the ledger says of the fronts
// (who attacks whom, from which day) is read whole, as in the hold-out.
func backtest(s *Scenario, gr *Graph, tl *Timeline, p0 Params, spec, dspec fitSpec, caps []Capture, od, o CalibrationOptions) ([]BacktestOrigin, error) {
	end := s.End
	m0, err := NewModel(s, gr, p0, end)
	if err != nil {
		return nil, err
	}
	var out []BacktestOrigin
	for origin := backtestFrom; origin < end; origin++ {
		bo := BacktestOrigin{FitUntil: origin}
		for _, c := range caps {
			if c.By > origin {
				bo.Captures++
			}
		}
		p, _, _, cov, err := fitCov(s, gr, tl, p0, spec, false, origin, od)
		if err != nil {
			return nil, err
		}
		if bo.Coverage, err = coverage(s, gr, tl, p, cov, origin, end, o); err != nil {
			return nil, err
		}
		dp, _, _, err := fit(s, gr, tl, p0, dspec, true, origin, o)
		if err != nil {
			return nil, err
		}
		from := origin + 1
		model := skill(s, gr, tl, p, false, origin, from, end, o)
		model.Brier, _ = oneDayBrier(s, gr, tl, p, false, false, from, end, od)
		dist := skill(s, gr, tl, dp, true, origin, from, end, o)
		dist.Brier, _ = oneDayBrier(s, gr, tl, dp, true, false, from, end, o)
		none := nothingFalls(m0, tl, caps, from, end)
		none.Brier, _ = oneDayBrier(s, gr, tl, p0, false, true, from, end, o)
		bo.Model, bo.DistanceOnly, bo.NothingFalls = backtestSkill(model), backtestSkill(dist), backtestSkill(none)
		out = append(out, bo)
	}
	return out, nil
}

// BacktestMean is the mean over the origins of each score.
func BacktestMean(bt []BacktestOrigin) (model, none, dist BacktestSkill) {
	if len(bt) == 0 {
		return
	}
	add := func(a *BacktestSkill, b BacktestSkill) {
		n := float64(len(bt))
		a.MAEDays += b.MAEDays / n
		a.Brier += b.Brier / n
		a.CRPS += b.CRPS / n
	}
	for _, o := range bt {
		add(&model, o.Model)
		add(&none, o.NothingFalls)
		add(&dist, o.DistanceOnly)
	}
	return
}

// BacktestTable renders the backtest as the Markdown table of
// docs/model.md ("Rolling-origin backtest").
func BacktestTable(cal *Calibration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| fit to | captures after | MAE, days: model · nothing falls · distance only | Brier, one day ahead | CRPS, days | model's p10–p90 fan holds: fixed · posterior |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	row := func(name string, captures string, m, n, d BacktestSkill, cov string) {
		fmt.Fprintf(&b, "| %s | %s | %.2f · %.2f · %.2f | %.4f · %.4f · %.4f | %.3f · %.3f · %.3f | %s |\n", name, captures,
			m.MAEDays, n.MAEDays, d.MAEDays, m.Brier, n.Brier, d.Brier, m.CRPS, n.CRPS, d.CRPS, cov)
	}
	var fixed, post float64
	in := 0
	for _, o := range cal.Backtest {
		cov := "–"
		if c := o.Coverage; c != nil && c.Captures > 0 {
			cov = fmt.Sprintf("%.0f%% · %.0f%%", 100*c.Fixed, 100*c.Posterior)
			fixed += c.Fixed * float64(c.Captures)
			post += c.Posterior * float64(c.Captures)
			in += c.Captures
		}
		row(o.FitUntil.String(), fmt.Sprint(o.Captures), o.Model, o.NothingFalls, o.DistanceOnly, cov)
	}
	m, n, d := BacktestMean(cal.Backtest)
	cov := "–"
	if in > 0 {
		cov = fmt.Sprintf("%.0f%% · %.0f%% pooled", 100*fixed/float64(in), 100*post/float64(in))
	}
	row("**mean**", "", m, n, d, cov)
	beats := func(score func(BacktestSkill) float64, base func(BacktestOrigin) BacktestSkill) int {
		k := 0
		for _, o := range cal.Backtest {
			if score(o.Model) < score(base(o)) {
				k++
			}
		}
		return k
	}
	brier := func(s BacktestSkill) float64 { return s.Brier }
	crps := func(s BacktestSkill) float64 { return s.CRPS }
	none := func(o BacktestOrigin) BacktestSkill { return o.NothingFalls }
	dist := func(o BacktestOrigin) BacktestSkill { return o.DistanceOnly }
	not := func(ok bool) string {
		if ok {
			return ""
		}
		return "not "
	}
	k := len(cal.Backtest)
	fmt.Fprintf(&b, "\nOver the %d origins, the model's one-day-ahead Brier score is lower than nothing falls' at %d and than distance only's at %d; its mean is %slower than nothing falls' and %slower than distance only's. Its CRPS is lower than nothing falls' at %d origins and than distance only's at %d; its mean is %slower than nothing falls' and %slower than distance only's.\n",
		k, beats(brier, none), beats(brier, dist), not(m.Brier < n.Brier), not(m.Brier < d.Brier),
		beats(crps, none), beats(crps, dist), not(m.CRPS < n.CRPS), not(m.CRPS < d.CRPS))
	return b.String()
}
