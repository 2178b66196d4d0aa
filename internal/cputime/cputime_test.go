package cputime

import (
	"runtime"
	"testing"
)

// TestNow: CPU time does not run backwards, and on Unix it counts work.
func TestNow(t *testing.T) {
	a := Now()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	b := Now()
	if b < a {
		t.Fatalf("CPU time went back: %v then %v", a, b)
	}
	if runtime.GOOS == "linux" && b == 0 {
		t.Errorf("no CPU time on Linux (x=%d)", x)
	}
}
