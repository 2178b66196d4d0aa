// Package slurm_test runs the shipped Slurm scripts against a real Slurm:
// Debian's slurm-wlm and munge, started by the test on this one machine.
// `make test-slurm` runs it as root, after installing the packages; it then
// fails, never skips, when Slurm cannot start.
package slurm_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// enable is set by make test-slurm; without it the test skips, since it
// starts daemons as root.
const enable = "FRONTLINE_SLURM_TEST"

// cluster is a one-node Slurm: munged, slurmctld and slurmd in the
// foreground, each stopped by its PID at the end of the test.
type cluster struct {
	dir  string
	conf string
	env  []string
}

func TestSlurmArray(t *testing.T) {
	if os.Getenv(enable) == "" {
		t.Skipf("set %s=1 (make test-slurm does, as root) to run the shipped scripts on a real Slurm", enable)
	}
	if os.Geteuid() != 0 {
		t.Fatalf("%s is set, but the test starts munged, slurmctld and slurmd and must run as root", enable)
	}
	for _, bin := range []string{"munged", "munge", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed (make test-slurm installs slurm-wlm and munge with apt): %v", bin, err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	frontline := filepath.Join(work, "frontline")
	build := exec.Command("go", "build", "-o", frontline, "./cmd/frontline")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building frontline: %v\n%s", err, out)
	}
	// A small sweep: three levels of the regime's air support, 40 runs
	// each, split into four shards so that two of them cut a point in two.
	sweepFile := filepath.Join(work, "air.yaml")
	if err := os.WriteFile(sweepFile, []byte(smallSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startCluster(t, filepath.Join(work, "slurm"))

	for _, tc := range []struct {
		name   string
		shards int
		args   []string // the frontline command, run sharded and whole
	}{
		{"simulate", 3, []string{"simulate", "--runs", "300", "--seed", "7", "--until", "2024-12-08"}},
		{"sweep", 4, []string{"sweep", sweepFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(work, tc.name)
			merged := filepath.Join(dir, "merged.json")
			submit := exec.Command(filepath.Join(root, "deploy/slurm/submit.sh"), "--wait",
				"--shards", fmt.Sprint(tc.shards), "--parts", filepath.Join(dir, "parts"), "--out", merged, "--")
			submit.Args = append(submit.Args, tc.args...)
			submit.Dir = root
			submit.Env = append(c.env, "FRONTLINE="+frontline)
			if out, err := submit.CombinedOutput(); err != nil {
				t.Fatalf("submit.sh: %v\n%s\n%s", err, out, c.logs(filepath.Join(dir, "parts")))
			}
			got, err := os.ReadFile(merged)
			if err != nil {
				t.Fatalf("the merge job wrote no result: %v\n%s", err, c.logs(filepath.Join(dir, "parts")))
			}
			one := exec.Command(frontline, append(tc.args, "--format", "json")...)
			one.Dir = root
			want, err := one.Output()
			if err != nil {
				t.Fatalf("frontline %s: %v", strings.Join(tc.args, " "), err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the Slurm array's merged result (%d bytes) differs from one process's (%d bytes)", len(got), len(want))
			}
			parts, _ := filepath.Glob(filepath.Join(dir, "parts", "part-*-of-*.json"))
			if len(parts) != tc.shards {
				t.Errorf("%d parts written, want %d: %v", len(parts), tc.shards, parts)
			}
		})
	}

	// A task that fails (here every one: --runs 0 is a usage error) must
	// cancel the merge, and submit.sh --wait must say so by its status.
	t.Run("failed-task", func(t *testing.T) {
		dir := filepath.Join(work, "failed")
		merged := filepath.Join(dir, "merged.json")
		submit := exec.Command(filepath.Join(root, "deploy/slurm/submit.sh"), "--wait", "--shards", "2",
			"--parts", filepath.Join(dir, "parts"), "--out", merged, "--", "simulate", "--runs", "0")
		submit.Dir = root
		submit.Env = append(c.env, "FRONTLINE="+frontline)
		if out, err := submit.CombinedOutput(); err == nil {
			t.Errorf("submit.sh --wait exited 0 although every task failed\n%s", out)
		}
		if _, err := os.Stat(merged); err == nil {
			t.Error("the merge ran although the array failed")
		}
	})
}

// smallSweep is the sweep the array runs: a grid of three points, with
// an outcome of each kind.
const smallSweep = `id: slurm-air
title: "Air support on a Slurm array"
scenario: offensive-2024
forced_until: none
factors: [{id: air, parameter: air_support.regime, min: 0, max: 2}]
design: {method: grid, levels: 3, runs: 40, seed: 5}
outcomes:
  - {id: hama-held, kind: held, place: hama, faction: regime, on: 2024-12-08}
  - {id: hama-fall, kind: fall_day, place: hama}
  - {id: route-broken, kind: route_broken, route: regime-damascus-aleppo, on: 2024-12-06}
`

// startCluster writes a munge key and a one-node slurm.conf under dir and
// starts the three daemons, waiting (with a deadline) until the node is idle.
func startCluster(t *testing.T, dir string) *cluster {
	t.Helper()
	for _, d := range []string{"munge", "state", "spool", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	// munged checks that the socket's folder can be searched by all.
	if err := os.Chmod(filepath.Join(dir, "munge"), 0o711); err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 1024)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "munge", "munge.key")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "munge", "munge.socket")
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ = strings.Cut(host, ".")
	c := &cluster{dir: dir, conf: filepath.Join(dir, "slurm.conf")}
	c.env = append(os.Environ(), "SLURM_CONF="+c.conf)
	conf := slurmConf(dir, host, socket, freePort(t), freePort(t))
	if err := os.WriteFile(c.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}

	c.start(t, "munged", "-F", "--force", "--socket="+socket, "--key-file="+keyFile,
		"--log-file="+filepath.Join(dir, "log", "munged.log"),
		"--pid-file="+filepath.Join(dir, "munge", "munged.pid"),
		"--seed-file="+filepath.Join(dir, "munge", "munged.seed"))
	c.await(t, "munged to answer", func() bool {
		return exec.Command("munge", "-n", "-S", socket).Run() == nil
	})
	c.start(t, "slurmctld", "-D", "-f", c.conf)
	c.start(t, "slurmd", "-D", "-f", c.conf)
	c.await(t, "the node to be idle", func() bool {
		out, err := c.command("sinfo", "-h", "-n", host, "-o", "%t").Output()
		return err == nil && strings.TrimSpace(string(out)) == "idle"
	})
	return c
}

// slurmConf is a one-node cluster with no cgroups (proctrack/linuxproc,
// task/none), no accounting and no MPI, on loopback ports of our own.
func slurmConf(dir, host, socket string, ctldPort, dPort int) string {
	return fmt.Sprintf(`ClusterName=frontlinetest
SlurmctldHost=%[2]s(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=%[3]s
SlurmctldPort=%[4]d
SlurmdPort=%[5]d
StateSaveLocation=%[1]s/state
SlurmdSpoolDir=%[1]s/spool
SlurmctldPidFile=%[1]s/slurmctld.pid
SlurmdPidFile=%[1]s/slurmd.pid
SlurmctldLogFile=%[1]s/log/slurmctld.log
SlurmdLogFile=%[1]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
NodeName=%[2]s NodeAddr=127.0.0.1 CPUs=%[6]d State=UNKNOWN
PartitionName=frontline Nodes=%[2]s Default=YES MaxTime=INFINITE State=UP
`, dir, host, socket, ctldPort, dPort, cpus())
}

// cpus is what slurmd will find, so the node registers without a mismatch.
func cpus() int {
	out, err := exec.Command("nproc").Output()
	var n int
	if err != nil || func() bool { _, err := fmt.Sscan(string(out), &n); return err != nil }() || n < 1 {
		return 1
	}
	return n
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (c *cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	return cmd
}

// start runs a daemon in the foreground and stops it, by its PID, when the
// test ends: SIGTERM, then SIGKILL if it has not gone within ten seconds.
func (c *cluster) start(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := c.command(name, args...)
	log, err := os.Create(filepath.Join(c.dir, "log", name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		log.Close()
	})
}

// await polls ready until it holds, failing the test after a minute with
// the daemons' logs: the daemons take a few seconds to come up, and no
// signal says when.
func (c *cluster) await(t *testing.T, what string, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ready() {
		if time.Now().After(deadline) {
			t.Fatalf("Slurm did not start: timed out waiting for %s\n%s", what, c.logs())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// logs gathers the daemons' logs and any job output, for a failure message.
func (c *cluster) logs(extra ...string) string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(c.dir, "log", "*"))
	for _, d := range extra {
		more, _ := filepath.Glob(filepath.Join(d, "slurm-*.out"))
		files = append(files, more...)
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if len(data) > 4000 {
			data = data[len(data)-4000:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", f, data)
	}
	return b.String()
}
