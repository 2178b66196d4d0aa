package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/internal/race"
	"github.com/frontline-sim/frontline/render"
)

// childArgs, in the environment, makes the test binary run one frontline
// command and exit: each screenshot of TestViewSimulateSamePicture comes
// from a process of its own, as a user's would (within one process the
// GPU's caches may round a later frame apart from the first).
const childArgs = "FRONTLINE_TEST_CHILD_ARGS"

func init() {
	v := os.Getenv(childArgs)
	if v == "" {
		return
	}
	serveAndExit(func() int { return run(strings.Split(v, "\x1f"), &env{stdout: os.Stdout, stderr: os.Stderr}) })
}

// TestViewSimulateSamePicture: a screenshot of a simulated day is the same
// bytes for one worker and two, and the same as the screenshot of the
// saved simulation (frontline simulate --format json) of that seed.
func TestViewSimulateSamePicture(t *testing.T) {
	if !render.HasDisplay() {
		t.Skip("no display; run under xvfb-run")
	}
	if testing.Short() || race.Enabled {
		t.Skip("four screenshots of an ensemble, each in a process of its own; make test runs it without -race")
	}
	dir := t.TempDir()
	sim := []string{"--runs", "40", "--seed", "5"}
	shot := func(name string, args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		args = append(args, "--day", "2024-12-06", "--focus", "hama", "--zoom", "2", "--screenshot", out, "--size", "800x450")
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(append([]string{"view"}, args...), "\x1f"))
		stdout, err := cmd.Output()
		if err != nil {
			t.Fatalf("view %v: %v: %s", args, err, stdout)
		}
		if !strings.Contains(string(stdout), "(800x450, 2024-12-06)") {
			t.Errorf("stdout %q", stdout)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one := shot("w1.png", append([]string{"--simulate", "--workers", "1"}, sim...)...)
	two := shot("w2.png", append([]string{"--simulate", "--workers", "2"}, sim...)...)
	if !bytes.Equal(one, two) {
		t.Errorf("the screenshots for 1 and 2 workers differ (%d and %d bytes)", len(one), len(two))
	}
	js := filepath.Join(dir, "sim.json")
	if code, _, stderr := runCmd(t, append([]string{"simulate", "--format", "json", "--out", js}, sim...)...); code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, stderr)
	}
	if saved := shot("saved.png", js); !bytes.Equal(one, saved) {
		t.Errorf("view --simulate and view of the saved JSON differ")
	}
	// A link's runs= and seed= (the web page's) open the same ensemble.
	if linked := shot("link.png", "--link", "?runs=40&seed=5"); !bytes.Equal(one, linked) {
		t.Errorf("view --link '?runs=40&seed=5' and view --simulate --runs 40 --seed 5 differ")
	}
}

// TestViewSimulateUsage: the simulation flags need --simulate, a result
// is opened as it is, and compared only with another.
func TestViewSimulateUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"view", "--runs", "10"}, "--runs goes with --simulate"},
		{[]string{"view", "x.json", "--simulate"}, "open it without --simulate"},
		{[]string{"view", "--compare", "a.json", "b.yaml"}, "not one of each"},
		{[]string{"view", "--compare", "a.json", "b.json", "--simulate"}, "compare them without --simulate"},
		{[]string{"view", "--link", "?runs=0"}, "--link: runs=0: want a number of runs from 1 to 10000"},
		{[]string{"view", "--link", "?runs=5&compare=aleppo-holds"}, "shows one scenario's ensemble: leave out compare="},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestReplayModelOnly: the replay of a what-if that acts through
// interventions says that it looks like the history, and how to see it.
func TestReplayModelOnly(t *testing.T) {
	code, out, errOut := runCmd(t, "replay", filepath.Join("..", "..", "scenarios", "whatif", "saraqib-holds.yaml"), "--day", "2024-11-29")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"intervention (saraqib-junction-fortified) acts in the simulation only", "frontline view --compare offensive-2024 FILE"} {
		if !strings.Contains(flat, want) {
			t.Errorf("replay's text lacks %q:\n%s", want, out)
		}
	}
}
