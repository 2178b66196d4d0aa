//go:build js

package render

import "time"

// lastYield is when yieldToPage last gave the page a turn; only the one
// background ensemble calls it.
var lastYield time.Time

// yieldToPage gives the browser a turn at most every 100 ms: in
// WebAssembly goroutines share the page's one thread and are not
// preempted, so a background ensemble would freeze the page (and its
// progress box) until it ends. A short sleep parks every goroutine, which
// hands control back to the browser's event loop until the timer fires,
// and the page draws a frame. Ten turns a second keep the page answering
// and cost a frame's time each (about a sixth of the time on a GPU; far
// more with a software renderer such as the tests' SwiftShader).
func yieldToPage() {
	if time.Since(lastYield) < 100*time.Millisecond {
		return
	}
	time.Sleep(time.Millisecond)
	lastYield = time.Now()
}
