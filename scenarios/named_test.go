package scenarios_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// TestReplayNamed: a saved simulation's "scenario" field is resolved as
// extends: is (issue 19, item 6): a bundled id, or a file in the
// simulation's folder or below it; a path outside is refused unless the
// loader allows it, and a file refused or not a scenario is not echoed.
func TestReplayNamed(t *testing.T) {
	a, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/good-places.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir, elsewhere := filepath.Join(root, "sims"), filepath.Join(root, "elsewhere")
	for _, d := range []string{filepath.Join(dir, "sub"), elsewhere} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sim := filepath.Join(dir, "s.json")
	write(sim, []byte("{}"))
	write(filepath.Join(dir, "sub", "mine.yaml"), src)
	write(filepath.Join(elsewhere, "priv.yaml"), src)
	write(filepath.Join(dir, "secret.txt"), []byte("password: hunter2\n"))
	if err := os.Symlink(filepath.Join(elsewhere, "priv.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	outside := "outside the simulation's folder"
	for _, tt := range []struct {
		name, scenario string
		allow          bool
		want           string // "" for a replay, else in the error
		notExist       bool
	}{
		{"built-in", scenarios.DefaultID, false, "", false},
		{"bundled what-if", "no-russian-air-support", false, "", false},
		{"a file below the folder", "sub/mine.yaml", false, "", false},
		{"an absolute path elsewhere", filepath.Join(elsewhere, "priv.yaml"), false, outside, false},
		{"a relative path out", "../elsewhere/priv.yaml", false, outside, false},
		{"a link out", "link.yaml", false, outside, false},
		{"allowed: an absolute path", filepath.Join(elsewhere, "priv.yaml"), true, "", false},
		{"allowed: a relative path from the simulation", "../elsewhere/priv.yaml", true, "", false},
		{"an id that is no file", "aleppo-holds", false, "aleppo-holds", true},
		{"empty", "", false, "", true},
		{"not a scenario", "secret.txt", false, "does not load as a scenario", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tl, err := scenarios.Loader{AllowExtendsOutside: tt.allow}.ReplayNamed(sim, tt.scenario, a)
			if tt.want == "" && !tt.notExist {
				if err != nil {
					t.Fatal(err)
				}
				if tl == nil || len(tl.Days) == 0 {
					t.Fatal("no replay")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, fs.ErrNotExist) != tt.notExist {
				t.Fatalf("err %v, want %q (not-exist %v)", err, tt.want, tt.notExist)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "Tell Example") {
				t.Errorf("the message echoes the file: %v", err)
			}
			if tt.want == outside && !strings.Contains(err.Error(), "--allow-extends-outside") {
				t.Errorf("the message does not name the opt-in: %v", err)
			}
		})
	}
}
