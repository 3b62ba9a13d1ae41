package ids

import (
	"strings"
	"testing"
	"unicode"
)

func TestCheck(t *testing.T) {
	for _, r := range RefusedExamples {
		id, want := r.ID, r.Says
		err := Check(id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v, want an error saying %q", id, err, want)
		}
		if Pattern.MatchString(id) && id != "." && id != ".." {
			t.Errorf("Pattern matches %q, which Check refuses", id)
		}
	}
	for _, id := range []string{"p-dc6434b56c4e5221", "...", "a.b", "配置", "😀", "50%off", "a+b;c", "\xff"} {
		if err := Check(id); err != nil {
			t.Errorf("Check(%q) = %v, want nil", id, err)
		}
	}
}

// TestPatternIsCheck holds the regular expression, which the provider's
// validators use, to the same rule as Check, over every code point, and
// checks that every Unicode white space character is refused.
func TestPatternIsCheck(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not characters of a Go string
		}
		id := "a" + string(r)
		accepted := Check(id) == nil
		if matched := Pattern.MatchString(id); matched != accepted {
			t.Errorf("%U: Pattern matches %v, Check accepts %v", r, matched, accepted)
		}
		if unicode.IsSpace(r) && accepted {
			t.Errorf("Check accepts white space %U", r)
		}
	}
}

func TestCheckApplicationInstance(t *testing.T) {
	if err := CheckApplicationInstance("app-ins-1"); err != nil {
		t.Errorf("CheckApplicationInstance(app-ins-1) = %v", err)
	}
	for id, want := range map[string]string{"app-1": `does not start with "app-ins-"`, "app-ins-\u00a0": "white space", "": "empty"} {
		if err := CheckApplicationInstance(id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckApplicationInstance(%q) = %v, want %q", id, err, want)
		}
		if ApplicationInstancePattern.MatchString(id) {
			t.Errorf("ApplicationInstancePattern matches %q", id)
		}
	}
}
