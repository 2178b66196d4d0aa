//go:build !unix

package scenarios

const openNonblock = 0
