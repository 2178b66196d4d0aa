package render

import "github.com/frontline-sim/frontline/render/scene"

// The scene, its geometry and its palette live in render/scene, which
// imports no Ebiten so that the headless exporters share it. These aliases
// keep the viewer's code reading as before.

type (
	Pt      = scene.Pt
	Fill    = scene.Fill
	Stroke  = scene.Stroke
	Layer   = scene.Layer
	Shape   = scene.Shape
	Marker  = scene.Marker
	Label   = scene.Label
	Box     = scene.Box
	Scene   = scene.Scene
	Show    = scene.Show
	Frame   = scene.Frame
	Builder = scene.Builder
	Layout  = scene.Layout
	View    = scene.View
	Rect    = scene.Rect
)

const (
	Circle   = scene.Circle
	Square   = scene.Square
	Triangle = scene.Triangle
	Diamond  = scene.Diamond

	MinScale = scene.MinScale
	MaxScale = scene.MaxScale

	PresentTextZoom = scene.PresentTextZoom
)

var (
	ShowAll        = scene.ShowAll
	SyriaBound     = scene.SyriaBound
	NorthWestBound = scene.NorthWestBound
	LegendKeys     = scene.LegendKeys

	SeaColour        = scene.SeaColour
	LandColour       = scene.LandColour
	SyriaColour      = scene.SyriaColour
	CasingColour     = scene.CasingColour
	FrontColour      = scene.FrontColour
	CutColour        = scene.CutColour
	InkColour        = scene.InkColour
	MutedInk         = scene.MutedInk
	PanelColour      = scene.PanelColour
	NeutralColour    = scene.NeutralColour
	HighlightColour  = scene.HighlightColour
	TerritoryOpacity = scene.TerritoryOpacity
)

var (
	NewBuilder     = scene.NewBuilder
	NewLayout      = scene.NewLayout
	Settled        = scene.Settled
	Fit            = scene.Fit
	FitSyria       = scene.FitSyria
	StartView      = scene.StartView
	Ease           = scene.Ease
	LongDate       = scene.LongDate
	DateSub        = scene.DateSub
	LegendFactions = scene.LegendFactions
	ScaleKm        = scene.ScaleKm
	TextWidth      = scene.TextWidth
	WrapText       = scene.WrapText
	FitText        = scene.FitText
	Hatch          = scene.Hatch
	CutMark        = scene.CutMark
	RectPolygon    = scene.RectPolygon
	WithAlpha      = scene.WithAlpha
	Mix            = scene.Mix
	Darken         = scene.Darken
	Lighten        = scene.Lighten
	Over           = scene.Over
	TimelineStep   = scene.TimelineStep
	ZoomLevel      = scene.ZoomLevel
)
