//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the master end, which reads what is
// written to the slave, and the slave, a terminal for term.IsTerminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	// A container may have /dev/ptmx without devpts mounted: no terminal
	// to test on, which is not a failure of frontline's.
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("no pseudo-terminals here: unlocking: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	return master, slave
}

// simulate, sweep and export draw a progress bar on stderr when it is a
// terminal (schollz/progressbar), past the writer that escapes stderr,
// and only then: the same commands with stderr not a terminal write
// nothing there, and the same output.
func TestProgressBarOnTerminal(t *testing.T) {
	path := sweepDir(t, smallSweep)
	frames := filepath.Join(t.TempDir(), "frames")
	for _, tt := range []struct {
		what string
		args []string
	}{
		{"sweeping", []string{"sweep", path}},
		{"simulating", []string{"simulate", "--runs", "200", "--until", "2024-12-06"}},
		{"png", []string{"export", "--png", frames, "--day", "2024-11-29..2024-11-30", "--size", "320x240"}},
	} {
		master, slave := openPTY(t)
		got := make(chan string)
		go func() {
			var b bytes.Buffer
			io.Copy(&b, master) // until the slave closes (EIO)
			got <- b.String()
		}()
		var out bytes.Buffer
		code := run(tt.args, &env{stdout: &out, stderr: slave})
		slave.Close()
		bar := <-got
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, bar)
		}
		if !strings.Contains(bar, tt.what) || !strings.Contains(bar, "%") {
			t.Errorf("%v: the terminal shows %q; want a %q bar", tt.args, bar, tt.what)
		}
		code, plain, errs := runCmd(t, tt.args...)
		if code != 0 || errs != "" || plain != out.String() {
			t.Errorf("%v, stderr not a terminal: exit %d, stderr %q; the output the same: %v", tt.args, code, errs, plain == out.String())
		}
	}
}
