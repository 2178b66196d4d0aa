//go:build !js

package render

// yieldToPage does nothing outside a browser: the runtime preempts the
// ensemble's goroutines, and the window keeps drawing (see yield_js.go).
func yieldToPage() {}
