// Command frontline replays, simulates and renders the 2024 offensive in
// north-western Syria. Run "frontline help" for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/internal/safetext"
	"github.com/frontline-sim/frontline/scenarios"
)

// command is one subcommand. run receives the arguments after the command
// name; it returns a usageError for bad flags or arguments.
type command struct {
	name  string
	args  string // synopsis of the arguments, for help
	short string
	long  string
	run   func(e *env, c *command, args []string) error
}

// env is what a command may touch, so tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	// terminal is the standard error as given to run when it is a
	// terminal, else nil: the progress bars draw there, past stderr's
	// escaping writer, as they write only their own text and the
	// carriage returns that redraw them.
	terminal *os.File
}

// terminalOf returns w when it is a file that is a terminal, else nil.
func terminalOf(w io.Writer) *os.File {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f
	}
	return nil
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

var commands []*command

func init() {
	commands = []*command{
		viewCmd,
		exportCmd,
		importCmd,
		summaryCmd,
		territoryCmd,
		replayCmd,
		simulateCmd,
		mergeCmd,
		sweepCmd,
		diffCmd,
		calibrateCmd,
		validateCmd,
		placesCmd,
		roadsCmd,
		routeCmd,
		versionCmd,
		helpCmd,
	}
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func main() {
	os.Exit(run(os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr}))
}

// run executes a command line and returns the exit status: 0 on success, 1
// on failure, 2 on a usage error.
func run(args []string, e *env) int {
	// Text from input files reaches the terminal only escaped: every
	// command writes through these two writers, the one place where
	// standard output and standard error are escaped (see safetext).
	stdout, stderr := safetext.NewWriter(e.stdout), safetext.NewWriter(e.stderr)
	defer stdout.Flush()
	defer stderr.Flush()
	e = &env{stdout: stdout, stderr: stderr, terminal: terminalOf(e.stderr)}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(e.stdout, mainHelp())
		return 0
	}
	name := defaultCommand
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	c := lookupCommand(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "frontline: unknown command %s%s\nRun 'frontline help' for the list of commands.\n", safetext.Quote(name), suggestCommand(name))
		return 2
	}
	err := c.run(e, c, args)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "frontline %s: %v\nusage: frontline %s %s\nRun 'frontline help %s' for details.\n", c.name, err, c.name, c.args, c.name)
		return 2
	default:
		fmt.Fprintf(e.stderr, "frontline %s: %v\n", c.name, err)
		return 1
	}
}

func suggestCommand(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	if i := geo.Closest(name, names); i >= 0 {
		return fmt.Sprintf("; did you mean %q?", names[i])
	}
	return ""
}

// flagGiven reports whether the flag name was on the command line, so
// that an empty value given (--day=) is told from none.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// loaderFlag declares --allow-extends-outside on a command that loads a
// scenario, and returns the loader it selects.
func loaderFlag(fs *flag.FlagSet) func() scenarios.Loader {
	allow := fs.Bool("allow-extends-outside", false, "let the scenario's extends: name files outside its folder (also: "+scenarios.EnvAllowExtendsOutside+"=1)")
	return func() scenarios.Loader {
		l := scenarios.DefaultLoader()
		l.AllowExtendsOutside = l.AllowExtendsOutside || *allow
		return l
	}
}

// newFlags returns a FlagSet for c that reports errors as usage errors and
// prints c's help for -h.
func newFlags(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments (as in
// "frontline route aleppo hama --format json"), and returns the positional
// arguments.
func parseFlags(e *env, c *command, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(e.stdout, c, fs)
				return nil, flag.ErrHelp
			}
			return nil, flagError(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagValue matches the flag package's "invalid value "…" for flag -x:
// …" messages, whose value it quotes in full.
var flagValue = regexp.MustCompile(`(?s)^(invalid (?:boolean )?value )("(?:[^"\\]|\\.)*")( for .*)$`)

// flagError is the flag package's error as a usage error, with the value
// or flag it names capped (safetext.Quote, safetext.Name): a 5 MB argument is
// not echoed back in full.
func flagError(err error) error {
	msg := err.Error()
	if m := flagValue.FindStringSubmatch(msg); m != nil {
		if v, uerr := strconv.Unquote(m[2]); uerr == nil {
			return usagef("%s%s%s", m[1], safetext.Quote(v), m[3])
		}
	}
	for _, prefix := range []string{"flag provided but not defined: ", "bad flag syntax: ", "flag needs an argument: "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return usagef("%s%s", prefix, safetext.Name(rest))
		}
	}
	return usagef("%s", msg)
}

func printHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: frontline %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.long))
	if fs == nil {
		return
	}
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		l := "  --" + f.Name
		if name != "" {
			l += " " + name
		}
		l += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" {
			l += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		lines = append(lines, l)
	})
	sort.Strings(lines)
	if len(lines) > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
	}
}

var helpCmd = &command{
	name:  "help",
	args:  "[command]",
	short: "show help for frontline or one command",
	long: `Help lists the commands, or with a command name shows that command's
usage, flags and examples.`,
}

func init() {
	helpCmd.run = func(e *env, c *command, args []string) error {
		args, err := parseFlags(e, c, newFlags(e, c), args)
		if err != nil {
			return err
		}
		if len(args) == 0 {
			fmt.Fprint(e.stdout, mainHelp())
			return nil
		}
		if len(args) > 1 {
			return usagef("help takes one command name")
		}
		target := lookupCommand(args[0])
		if target == nil {
			return usagef("unknown command %s%s", safetext.Quote(args[0]), suggestCommand(args[0]))
		}
		// Every command prints its own help, flags included, for -h.
		if err := target.run(e, target, []string{"-h"}); err != nil && !errors.Is(err, flag.ErrHelp) {
			return err
		}
		return nil
	}
}

func mainHelp() string {
	var b strings.Builder
	b.WriteString(`frontline replays, simulates and renders the 2024 offensive in north-western
Syria from a sourced ledger of control changes.

Usage:

	frontline <command> [arguments]

`)
	fmt.Fprintf(&b, "With no command, frontline runs %q.\n\nThe commands are:\n\n", defaultCommand)
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%-10s %s\n", c.name, c.short)
	}
	b.WriteString(`
Use "frontline help <command>" for more information about a command.

Scenario files are untrusted input: frontline opens only regular files of
at most 10 MB, and a file's extends: may name only built-in scenarios and
files in its own folder, unless --allow-extends-outside is given or
` + scenarios.EnvAllowExtendsOutside + `=1 is set. See "Safety" in docs/scenarios.md.
`)
	return b.String()
}
