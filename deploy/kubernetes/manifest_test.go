// Package kubernetes_test checks the shipped Kubernetes manifests without a
// cluster: each decodes strictly into k8s.io/api's batch/v1 Job (the Go
// types the API's OpenAPI schema is generated from, so an unknown or
// mistyped field fails), obeys the API server's rules for an Indexed Job
// that apply here, and its shell lines, run by sh with a stand-in frontline,
// ask for every shard once and merge exactly those parts.
package kubernetes_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

func readJob(t *testing.T, file string) *batchv1.Job {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var job batchv1.Job
	if err := yaml.UnmarshalStrict(data, &job); err != nil {
		t.Fatalf("%s does not decode as a batch/v1 Job: %v", file, err)
	}
	if job.APIVersion != "batch/v1" || job.Kind != "Job" {
		t.Fatalf("%s: apiVersion %q, kind %q; want batch/v1 Job", file, job.APIVersion, job.Kind)
	}
	if job.Name == "" {
		t.Errorf("%s: metadata.name is empty", file)
	}
	spec := job.Spec.Template.Spec
	if p := spec.RestartPolicy; p != corev1.RestartPolicyNever && p != corev1.RestartPolicyOnFailure {
		t.Errorf("%s: a Job's restartPolicy must be Never or OnFailure, not %q", file, p)
	}
	if len(spec.Containers) != 1 || spec.Containers[0].Image == "" {
		t.Errorf("%s: want one container with an image", file)
	}
	mounted := map[string]bool{}
	for _, v := range spec.Volumes {
		mounted[v.Name] = true
	}
	for _, c := range spec.Containers {
		for _, m := range c.VolumeMounts {
			if !mounted[m.Name] {
				t.Errorf("%s: container %s mounts volume %q, which the pod does not define", file, c.Name, m.Name)
			}
		}
	}
	return &job
}

// run executes the container's command as sh would in the pod, with
// frontline replaced by a stand-in that prints its arguments.
func run(t *testing.T, job *batchv1.Job, env ...string) []string {
	t.Helper()
	bin := t.TempDir()
	stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"
	if err := os.WriteFile(filepath.Join(bin, "frontline"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	c := job.Spec.Template.Spec.Containers[0]
	cmd := exec.Command(c.Command[0], append(c.Command[1:], c.Args...)...)
	cmd.Env = append([]string{"PATH=" + bin + ":" + os.Getenv("PATH")}, env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// flag returns the value after name in args.
func flag(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func TestIndexedJob(t *testing.T) {
	job := readJob(t, "frontline-job.yaml")
	s := job.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("frontline-job.yaml: completionMode must be Indexed, so each pod gets JOB_COMPLETION_INDEX")
	}
	if s.Completions == nil || *s.Completions < 1 {
		t.Fatal("frontline-job.yaml: an Indexed Job needs completions ≥ 1")
	}
	n := int(*s.Completions)
	if s.Parallelism != nil && int(*s.Parallelism) > n {
		t.Errorf("parallelism %d exceeds completions %d", *s.Parallelism, n)
	}
	if s.MaxFailedIndexes != nil && s.BackoffLimitPerIndex == nil {
		t.Error("maxFailedIndexes needs backoffLimitPerIndex")
	}
	var parts []string
	for i := 0; i < n; i++ {
		args := run(t, job, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))
		if want := fmt.Sprintf("%d/%d", i+1, n); flag(args, "--shard") != want {
			t.Errorf("pod %d runs --shard %q, want %q", i, flag(args, "--shard"), want)
		}
		parts = append(parts, flag(args, "--out"))
	}
	merge := readJob(t, "frontline-merge.yaml")
	args := run(t, merge)
	if args[0] != "merge" {
		t.Fatalf("frontline-merge.yaml runs frontline %s, want merge", args[0])
	}
	var got []string
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") {
			break
		}
		got = append(got, a)
	}
	if !reflect.DeepEqual(got, parts) {
		t.Errorf("the merge reads %v; the shards write %v", got, parts)
	}
	if !reflect.DeepEqual(merge.Spec.Template.Spec.Volumes, job.Spec.Template.Spec.Volumes) {
		t.Error("the merge must mount the same volume as the shards")
	}
}
