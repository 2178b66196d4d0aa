package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/atomicfile"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/scenarios"
	"github.com/frontline-sim/frontline/scenarios/acled"
)

var importCmd = &command{
	name:  "import",
	args:  "acled FILE.csv [--out FILE.yaml] [--extends SCENARIO]",
	short: "propose events from an ACLED export, as a what-if file to review",
	long: `Import acled reads an export of ACLED (acleddata.com) in ACLED's own column
layout and keeps the events that move territory, the sub-event types
"Non-state actor overtakes territory", "Government regains territory" and
"Non-violent transfer of territory". It matches each row's location to a
place by name and alias (as every frontline command does), checked against
ACLED's coordinates (within 25 km), or else to the nearest place within
3 km; actor1, the side that gains ground, gives the faction.

It writes a what-if file extending the scenario (default offensive-2024)
with one captured event per match, marked reported, with ACLED's notes as
its quote and ACLED's source as its outlet. Nothing is applied by itself:
read the file, drop what is wrong, then validate and replay it. Rows that
match no place are listed, with the nearest place and its distance, on
stderr and in the file's head comment.

Without --out the file goes to stdout.

Examples:

	frontline import acled syria-2024.csv --out acled.yaml
	frontline validate acled.yaml && frontline replay acled.yaml`,
	run: runImport,
}

func runImport(e *env, c *command, args []string) error {
	fs := newFlags(e, c)
	out := fs.String("out", "", "write the what-if file to `file`.yaml instead of stdout (- is stdout)")
	extends := fs.String("extends", scenarios.DefaultID, "the `scenario` the proposals extend")
	pos, err := parseFlags(e, c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("import needs a source format and a file: frontline import acled FILE.csv")
	}
	if pos[0] != "acled" {
		return usagef("unknown import format %s; the one format is acled", safetext.Quote(pos[0]))
	}
	if len(pos) != 2 {
		return usagef("import acled takes one CSV file; got %d", len(pos)-1)
	}
	file := pos[1]
	if *out == "-" {
		*out = ""
	}
	if *out != "" {
		if !hasExt(*out, ".yaml .yml") {
			return usagef("--out %s: the file name must end in .yaml", safetext.Quote(*out))
		}
		if err := atomicfile.Check(*out); err != nil {
			return err
		}
	}
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", file, unwrap(err))
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("cannot read %s: not a regular file", file)
	}
	dir := "."
	if *out != "" {
		dir = filepath.Dir(*out)
	}
	base, err := extendsFrom(*extends, dir)
	if err != nil {
		return err
	}
	a, err := geo.Default()
	if err != nil {
		return err
	}
	tl, err := scenarios.Replay(*extends, a)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", file, unwrap(err))
	}
	defer f.Close()
	rows, err := acled.Parse(f, file)
	if err != nil {
		return err
	}
	res := acled.Match(rows, a, tl.Scenario)
	var buf bytes.Buffer
	if err := acled.Fragment(&buf, res, base, file); err != nil {
		return err
	}
	if err := checkProposals(buf.Bytes(), *out, dir, a); err != nil {
		return err
	}
	for _, u := range res.Unmatched {
		fmt.Fprintf(e.stderr, "%s:%d: %s %s not proposed: %s; nearest place %s (%s), %.1f km\n",
			file, u.Row.Line, safetext.Quote(u.Row.ID), safetext.Quote(u.Row.Location), u.Reason, u.Nearest.ID, u.Nearest.Name, u.Km)
	}
	summary := fmt.Sprintf("%d rows, %d territorial, %d proposed for review, %d unmatched", res.Rows, res.Rows-res.Skipped, len(res.Proposals), len(res.Unmatched))
	if *out == "" {
		_, err := e.stdout.Write(buf.Bytes())
		fmt.Fprintln(e.stderr, summary)
		return err
	}
	if err := atomicfile.WriteBytes(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s\n", *out, summary)
	return nil
}

// extendsFrom returns how the what-if file, written to folder dir, names
// the scenario given to --extends: a built-in id as it is, and a file by
// its path from dir (not from the current folder, which --extends is
// relative to). A file outside dir is refused: the file would not load,
// since extends: names only files in the file's own folder or below.
func extendsFrom(extends, dir string) (string, error) {
	if _, ok := scenarios.BuiltinSource(extends); ok {
		return extends, nil
	}
	real := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		abs, _ := filepath.Abs(p)
		return abs
	}
	rel, err := filepath.Rel(real(dir), real(extends))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", usagef("--extends %s is outside %s, the folder the what-if file goes to, so the file could not extend it; write the file beside it (--out), or copy it there",
			safetext.Quote(extends), safetext.Quote(dir))
	}
	return filepath.ToSlash(rel), nil
}

// checkProposals loads the what-if file as frontline will, from its
// folder, so that import never writes a file that does not validate.
func checkProposals(data []byte, out, dir string, a *geo.Atlas) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("cannot read folder %s: %v", safetext.Quote(dir), unwrap(err))
	}
	defer root.Close()
	// The name is the file's in root, which its extends: is relative to.
	name := "proposals.yaml"
	if out != "" {
		name = filepath.Base(out)
	}
	if _, err := scenarios.LoadBytes(name, data, root.FS(), a); err != nil {
		return fmt.Errorf("the proposals do not make a valid what-if file, so none was written: %v", err)
	}
	return nil
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
