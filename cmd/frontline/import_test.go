package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/frontline-sim/frontline/geo"
	"github.com/frontline-sim/frontline/scenarios"
)

// hostileACLED is the reproducer (a newline in an unmatched id
// that once wrote `parameters:` into the file), with a DEL, a C1 control,
// a NEL and a bidi override in the text and three ids that once gave the
// same event id twice.
const hostileACLED = "event_id_cnty,event_date,sub_event_type,actor1,actor2,location,latitude,longitude,source,notes\n" +
	"\"X1\nparameters: {momentum: 49}\n#\",2024-11-29,Non-state actor overtakes territory,HTS:,x,Nowhere,33,42,s,n\n" +
	"SYR-1-2,2024-11-29,Non-state actor overtakes territory,HTS:,x,Saraqeb,35.8625,36.8006,=cmd|' /C calc'!A0,\"del \x7f c1 \u009b[2J nel \u0085 bidi \u202e\"\n" +
	"SYR 1,2024-11-29,Non-state actor overtakes territory,HTS:,x,Saraqeb,35.8625,36.8006,s,\"line\ninterventions: [{date: 2024-11-28, kind: passive, faction: hts}]\"\n" +
	"SYR-1,2024-11-29,Non-state actor overtakes territory,HTS:,x,Saraqeb,35.8625,36.8006,s,n\n"

// Every file import writes validates, and means only the events: no
// text of the CSV adds a key.
func TestImportHostileValidates(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "evil.csv")
	os.WriteFile(in, []byte(hostileACLED), 0o644)
	base := filepath.Join(dir, "base.yaml")
	os.WriteFile(base, []byte("extends: offensive-2024\nid: base\ntitle: A base in another folder than the current one\n"), 0o644)
	for _, extends := range []string{scenarios.DefaultID, base} {
		out := filepath.Join(dir, "acled.yaml")
		code, stdout, errs := runCmd(t, "import", "acled", in, "--out", out, "--extends", extends)
		if code != 0 || !strings.Contains(stdout, "3 proposed for review, 1 unmatched") {
			t.Fatalf("--extends %s: exit %d, stdout %q, stderr %q", extends, code, stdout, errs)
		}
		if strings.Contains(errs, "\nparameters") {
			t.Errorf("stderr echoes a newline of the CSV: %q", errs)
		}
		if code, stdout, errs := runCmd(t, "validate", out); code != 0 {
			t.Fatalf("--extends %s: the file does not validate: %s%s", extends, stdout, errs)
		}
		a := geo.MustDefault()
		s, err := scenarios.Load(out, a)
		if err != nil {
			t.Fatal(err)
		}
		def, _ := scenarios.Default(a)
		if !reflect.DeepEqual(s.Params, def.Params) || len(s.Interventions) != len(def.Interventions) {
			t.Errorf("--extends %s: the CSV changed the parameters or interventions", extends)
		}
		if n := len(s.Events) - len(def.Events); n != 3 {
			t.Errorf("--extends %s: %d events added, want 3", extends, n)
		}
		for _, e := range s.Events {
			if e.ID == "acled-syr-1-2" && !strings.Contains(e.Quote, "c1 \u009b[2J nel \u0085 bidi \u202e") {
				t.Errorf("the quote lost its characters: %q", e.Quote)
			}
		}
	}
	// --extends names a file relative to the current folder; one outside
	// the output's folder cannot be extended, and is refused.
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	code, _, errs := runCmd(t, "import", "acled", in, "--out", filepath.Join(dir, "sub", "acled.yaml"), "--extends", base)
	if code != 2 || !strings.Contains(errs, "is outside") {
		t.Errorf("an --extends outside the output's folder: exit %d, %q", code, errs)
	}
}
