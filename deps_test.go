package frontline_test

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/frontline-sim/frontline"

// allowed lists, for each package of the module, the module packages it may
// import directly or indirectly. Imports flow one way:
// cmd → render, scenarios → sim → geo.
var allowed = map[string][]string{
	"internal":      {}, // small leaf helpers (atomic writes) any package may use
	"geo":           {"internal"},
	"sim":           {"geo", "internal"},
	"scenarios":     {"sim", "geo", "internal"},
	"render":        {"scenarios", "sim", "geo", "internal"},
	"cmd/frontline": {"render", "scenarios", "sim", "geo", "internal"},
	// The viewer for the browser (GOOS=js GOARCH=wasm), built by make web.
	"cmd/frontline-web": {"render", "scenarios", "sim", "geo", "internal"},
}

// ebitenOK lists the packages that may import ebiten: the viewer (package
// render), the command and its browser build. The scene (render/scene) and the headless
// backends and exporters under render/ may not, so exports run with no
// display.
var ebitenOK = map[string]bool{"render": true, "cmd/frontline": true, "cmd/frontline-web": true}

func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		top := topLevel(pkg)
		seen[top] = true
		ok, known := allowed[top]
		if !known {
			if pkg == "" {
				continue // the root test package
			}
			t.Errorf("package %s is not in the import policy; add it to allowed in deps_test.go", pkg)
			continue
		}
		for _, dep := range fields[1:] {
			if strings.HasPrefix(dep, "github.com/hajimehoshi/ebiten") && !ebitenOK[pkg] {
				t.Errorf("%s imports %s; only render (the viewer) and cmd/frontline may import ebiten", pkg, dep)
			}
			if strings.HasPrefix(pkg, "render/") && dep == module+"/render" {
				t.Errorf("%s imports the Ebiten viewer %s; headless packages build on render/scene", pkg, dep)
			}
			if !strings.HasPrefix(dep, module+"/") {
				continue
			}
			d := topLevel(strings.TrimPrefix(dep, module+"/"))
			if d == top {
				continue
			}
			if !contains(ok, d) {
				t.Errorf("%s imports %s: forbidden, imports flow cmd → render, scenarios → sim → geo", pkg, dep)
			}
		}
	}
	var missing []string
	for p := range allowed {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("packages in the policy but not in the module: %v", missing)
	}
}

// topLevel maps a package path to its policy entry: "sim/internal/x" → "sim".
func topLevel(pkg string) string {
	if strings.HasPrefix(pkg, "cmd/") {
		parts := strings.SplitN(pkg, "/", 3)
		return strings.Join(parts[:2], "/")
	}
	return strings.SplitN(pkg, "/", 2)[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestWebBuildStaysSmall: the browser's viewer leaves out the exporters
// (gonum/plot, GIF and MP4 writers, the GIS encoders), which would add a
// third to the wasm file a reader downloads (docs/performance.md). What
// the page draws of a simulation lives in render/scene for that reason.
func TestWebBuildStaysSmall(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./cmd/frontline-web")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{module + "/render/export", module + "/scenarios/acled", "gonum.org/v1/plot"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("the web build imports %s; keep it out of the browser's viewer", dep)
			}
		}
	}
}
