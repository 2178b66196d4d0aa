package sim

import "testing"

func TestCitation(t *testing.T) {
	titled := &Document{File: "001_e345968a194e8ad3.txt", Headline: "Iran pledges support for Syria's Assad as rebels advance after taking Aleppo"}
	untitled := &Document{File: "000_dff895b4a065181a.txt", Opening: "International Coalition warplanes overnight Monday targeted sites belonging to the Iranian militias"}
	tests := []struct {
		src  Source
		want string
	}{
		{Source{Document: titled.File, Outlet: "AP", Date: MustDate("2024-12-01"), Doc: titled},
			"AP, 1 Dec 2024, “Iran pledges support for Syria's Assad as rebels advance after taking Aleppo”, 001_e345968a194e8ad3.txt"},
		{Source{Document: untitled.File, Doc: untitled},
			"(no headline) “International Coalition warplanes overnight Monday targeted…”, 000_dff895b4a065181a.txt"},
		{Source{Document: "mine.txt", Outlet: "SANA"}, "SANA, mine.txt"},
		{Source{}, "no source (hypothetical)"},
	}
	for _, tt := range tests {
		if got := tt.src.Citation(); got != tt.want {
			t.Errorf("Citation() = %q, want %q", got, tt.want)
		}
	}
	if got, want := titled.Short(3), "001 “Iran pledges support…”"; got != want {
		t.Errorf("Short(3) = %q, want %q", got, want)
	}
	if got, want := untitled.Short(0), "000"; got != want {
		t.Errorf("Short(0) = %q, want %q", got, want)
	}
	if got := untitled.Title(); got != "(no headline) “International Coalition warplanes overnight Monday targeted sites belonging to the Iranian militias…”" {
		t.Errorf("Title() = %q", got)
	}
}
