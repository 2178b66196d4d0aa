package export

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"os/exec"
	"strings"
	"time"

	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/sim"
)

// ErrNoFFmpeg says that --mp4 needs ffmpeg, and how to get it.
var ErrNoFFmpeg = errors.New("--mp4 needs ffmpeg on the PATH, which was not found; install it (Debian and Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or export --gif instead")

// FFmpeg returns the path of ffmpeg, or ErrNoFFmpeg.
func FFmpeg() (string, error) {
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		return "", ErrNoFFmpeg
	}
	return p, nil
}

// MP4FPS is the video's frame rate.
const MP4FPS = 25

// WriteMP4 pipes raw frames to ffmpeg, which encodes H.264 in yuv420p,
// the format PowerPoint, Keynote and browsers play. ffmpeg writes to a
// temporary file beside path (MP4 needs a seekable file to put its index
// first, for streaming), which is then renamed into place atomically.
func WriteMP4(tl *sim.Timeline, p Pictures, path string, pr Progress) error {
	bin, err := FFmpeg()
	if err != nil {
		return err
	}
	// ffmpeg writes the temporary file beside the target, so that a killed
	// export leaves nothing in /tmp, and the next write there removes it.
	return atomicfile.WriteNamed(path, 0o644, func(tmp string) error {
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "-hide_banner", "-loglevel", "error", "-y",
			"-f", "rawvideo", "-pix_fmt", "rgba", "-s", fmt.Sprintf("%dx%d", p.W, p.H), "-r", fmt.Sprint(MP4FPS), "-i", "-",
			// yuv420p wants even sizes: pad odd ones by a pixel.
			"-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
			"-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
			"-movflags", "+faststart", "-f", "mp4", tmp)
		cmd.Stderr = &stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("ffmpeg: %v", err)
		}
		frameDur := time.Second / MP4FPS
		werr := frames(tl, p, p.timing(MP4Timing, StoryMP4Timing), pr, "mp4", func(img *image.RGBA) []byte { return img.Pix }, func(pix []byte, d time.Duration) error {
			for n := max(1, int((d+frameDur/2)/frameDur)); n > 0; n-- {
				if _, err := in.Write(pix); err != nil {
					return err
				}
			}
			return nil
		})
		in.Close()
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("ffmpeg failed: %v: %s", err, strings.TrimSpace(safetext.Cap(stderr.String(), 2000)))
		}
		return werr
	})
}

// MP4Frames is the number of video frames of an animation of n days.
func MP4Frames(n int) int { return MP4TimedFrames(MP4Timing, n) }

// MP4TimedFrames is the number of video frames of n stills paced by t.
func MP4TimedFrames(t Timing, n int) int {
	fd := time.Second / MP4FPS
	per := func(d time.Duration) int { return max(1, int((d+fd/2)/fd)) }
	return (n-1)*(per(t.Hold)+(t.Steps-1)*per(t.Step)) + per(t.LastHold)
}
