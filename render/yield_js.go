//go:build js

package render

import "time"

// yieldToPage gives the browser a turn: in WebAssembly goroutines share
// the page's one thread and are not preempted, so a background ensemble
// would freeze the page (and its progress box) until it ends. A short
// sleep parks every goroutine, which hands control back to the browser's
// event loop until the timer fires; it costs a millisecond per block of
// runs.
func yieldToPage() { time.Sleep(time.Millisecond) }
