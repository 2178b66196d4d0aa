//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "frontline-web is the viewer for the browser: build it with `make web` (GOOS=js GOARCH=wasm) and open build/web/index.html from a static server; on the desktop, run `frontline view`")
	os.Exit(2)
}
