package export

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/sim"
)

// TestMP4 encodes three days, of the replay and of a simulation, and
// reads each video back with ffprobe: H.264 in yuv420p, the frame count
// and the duration the timing gives.
func TestMP4(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	probe := needTool(t, "ffprobe", "ffmpeg")
	stl, sp := simPictures(t, 320, 182)
	sp.From, sp.To = 8, 10 // across the end of the documents
	tests := []struct {
		name string
		tl   *sim.Timeline
		p    Pictures
	}{
		{"replay", builtin(t), Pictures{W: 320, H: 182, From: 2, To: 4}},
		{"simulation", stl, sp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.mp4")
			if err := WriteMP4(tt.tl, tt.p, path, nil); err != nil {
				t.Fatal(err)
			}
			got := ffprobe(t, probe, path, "stream=codec_name,pix_fmt,width,height,nb_read_frames,duration", true)
			frames := MP4Frames(3)
			for k, want := range map[string]string{"codec_name": "h264", "pix_fmt": "yuv420p", "width": "320", "height": "182", "nb_read_frames": strconv.Itoa(frames)} {
				if got[k] != want {
					t.Errorf("ffprobe %s = %q, want %q (all: %v)", k, got[k], want, got)
				}
			}
			d, err := strconv.ParseFloat(got["duration"], 64)
			if want := float64(frames) / MP4FPS; err != nil || math.Abs(d-want) > 0.05 {
				t.Errorf("duration %q, want %.2f s", got["duration"], want)
			}
		})
	}
}

// ffprobe reads the given stream entries of path's first video stream,
// counting its frames when count is set (slower: it decodes them).
func ffprobe(t *testing.T, probe, path, entries string, count bool) map[string]string {
	t.Helper()
	args := []string{"-v", "error"}
	if count {
		args = append(args, "-count_frames")
	}
	args = append(args, "-select_streams", "v:0", "-show_entries", entries, "-of", "default=nw=1", path)
	out, err := exec.Command(probe, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ffprobe: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		got[k] = v
	}
	return got
}

// ffmpeg's temporary file lies beside the target, never in the system's
// temporary folder, where a killed export once left /tmp/frontline-*.mp4.
func TestMP4TempBesideTarget(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	sysTmp := t.TempDir()
	t.Setenv("TMPDIR", sysTmp)
	dir := t.TempDir()
	path := filepath.Join(dir, "r.mp4")
	var inTmp, beside int
	pr := func(stage string, done, total int) {
		if done != 1 {
			return
		}
		a, _ := os.ReadDir(sysTmp)
		b, _ := os.ReadDir(dir)
		inTmp, beside = len(a), len(b)
	}
	if err := WriteMP4(builtin(t), Pictures{W: 160, H: 90, From: 2, To: 3}, path, pr); err != nil {
		t.Fatal(err)
	}
	if inTmp != 0 || beside != 1 {
		t.Errorf("while encoding: %d files in TMPDIR, %d beside the target; want 0 and 1 (the temporary file)", inTmp, beside)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after: %d files beside the target, want only r.mp4", len(entries))
	}
}
