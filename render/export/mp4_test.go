package export

import (
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMP4 encodes three days and reads the video back with ffprobe: H.264
// in yuv420p, the frame count and the duration the timing gives.
func TestMP4(t *testing.T) {
	needTool(t, "ffmpeg", "ffmpeg")
	probe := needTool(t, "ffprobe", "ffmpeg")
	tl := builtin(t)
	p := Pictures{W: 320, H: 182, From: 2, To: 4}
	path := filepath.Join(t.TempDir(), "r.mp4")
	if err := WriteMP4(tl, p, path, nil); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(probe, "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames,duration", "-of", "default=nw=1", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffprobe: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		got[k] = v
	}
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
}
