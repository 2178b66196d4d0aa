package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// ReplayNamed replays the scenario that the file from (a saved
// simulation's "scenario" field) names, resolved as extends: is: a
// bundled id (a built-in scenario or what-if, see Catalogue), or else a
// file relative to from's folder, confined to that folder and below it
// unless l.AllowExtendsOutside. When name is neither, the error wraps
// fs.ErrNotExist, so that a caller may fall back to a default. Like an
// extended file, the named file may be any file of the folder: its values
// are never echoed, and a file that does not load as a scenario is
// reported without them.
func (l Loader) ReplayNamed(from, name string, a *geo.Atlas) (*sim.Timeline, error) {
	for _, b := range Catalogue() {
		if b.ID == name {
			return ReplayBundled(name, a)
		}
	}
	what := fmt.Sprintf("the scenario %s that %s names", safetext.Quote(name), safetext.Escape(from))
	if name == "" {
		return nil, fmt.Errorf("%s: %w", what, fs.ErrNotExist)
	}
	real, err := filepath.EvalSymlinks(from)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", safetext.Escape(from), errText(err))
	}
	dir, err := filepath.Abs(filepath.Dir(real))
	if err != nil {
		return nil, err
	}
	var fsys fs.FS
	fsName := filepath.ToSlash(name)
	if l.AllowExtendsOutside {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		fsys, fsName = wholeFS{}, strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "/")
	} else {
		r, err := os.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		fsys = rootFS{r}
	}
	f, err := fsys.Open(fsName)
	switch {
	case escapes(err) || (err != nil && !l.AllowExtendsOutside && filepath.IsAbs(name)):
		return nil, fmt.Errorf("%s is outside the simulation's folder; a simulation names a built-in scenario or a scenario file in its own folder or below it; if you trust it, run with --allow-extends-outside, or set %s=1",
			what, EnvAllowExtendsOutside)
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", what, fs.ErrNotExist)
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %s", what, errText(err))
	}
	f.Close()
	s, err := LoadFS(fsys, fsName, a)
	if err != nil {
		return nil, fmt.Errorf("%s does not load as a scenario; check it with 'frontline validate'", what)
	}
	return sim.NewTimeline(s, true)
}
