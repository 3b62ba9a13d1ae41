// Package ids holds the one rule for the IDs that become segments of an API
// path: instance, application instance and profile IDs, and the principal
// IDs of assignments, which name an assignment alongside them. The
// provider's validators, the client before it sends a request, and the mock
// API's seed and request checks all apply it, so that the three can never
// disagree about an ID.
//
// It imports the standard library only: the client and the mock must not
// depend on Terraform's types, nor on each other, to share it.
package ids

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ApplicationInstancePrefix starts every application instance ID.
const ApplicationInstancePrefix = "app-ins-"

// Rule says, for a diagnostic, what an ID must be: "must be " + Rule.
// Invisible characters are white space to a reader, which is the reason
// they are refused: a plan must show the ID that is sent.
const Rule = `a non-empty ID without "/", "?", "#" or white space (invisible and control characters included)`

// idChar is one character an ID may hold. "/" would add a path segment,
// "?" and "#" would end the path; a Unicode space (Z, which holds the
// non-breaking space), a control character (Cc, which holds tab, newline and
// the C1 controls) or a format character (Cf, which holds the zero-width
// space and the byte order mark) would make the ID a reviewer reads differ
// from the one sent. \p{Z}, \p{Cc} and \p{Cf} together cover Unicode's
// White_Space property.
const idChar = `[^/?#\p{Z}\p{Cc}\p{Cf}]`

var (
	// Pattern matches the characters of a valid ID; PathElements are the
	// IDs it matches that would move the path up or nowhere.
	Pattern = regexp.MustCompile(`^` + idChar + `+$`)
	// ApplicationInstancePattern is Pattern for an application instance ID.
	ApplicationInstancePattern = regexp.MustCompile(`^` + regexp.QuoteMeta(ApplicationInstancePrefix) + idChar + `+$`)
)

// PathElements are the IDs that Pattern matches but Check refuses.
var PathElements = []string{".", ".."}

// Check says what is wrong with id, or returns nil. An ID that is not
// valid UTF-8 passes when none of its valid characters is refused: it is
// sent escaped, and Terraform hands the provider valid UTF-8 only.
func Check(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("must not be empty")
	case slices.Contains(PathElements, id):
		return fmt.Errorf("%q is a path element, which would change the API path", id)
	}
	if i := strings.IndexFunc(id, refused); i >= 0 {
		r, _ := utf8.DecodeRuneInString(id[i:])
		return fmt.Errorf("%q contains %s", id, describe(r))
	}
	return nil
}

// CheckApplicationInstance is Check for an application instance ID.
func CheckApplicationInstance(id string) error {
	if err := Check(id); err != nil {
		return err
	}
	if !strings.HasPrefix(id, ApplicationInstancePrefix) {
		return fmt.Errorf("%q does not start with %q", id, ApplicationInstancePrefix)
	}
	return nil
}

func refused(r rune) bool {
	return r == '/' || r == '?' || r == '#' || unicode.In(r, unicode.Z, unicode.Cc, unicode.Cf)
}

func describe(r rune) string {
	switch {
	case r == '/':
		return "a slash"
	case r == '?':
		return "a question mark"
	case r == '#':
		return "a hash sign"
	case unicode.Is(unicode.Z, r) || unicode.IsSpace(r):
		return fmt.Sprintf("white space (%U)", r)
	case unicode.Is(unicode.Cc, r):
		return fmt.Sprintf("a control character (%U)", r)
	}
	return fmt.Sprintf("an invisible format character (%U)", r)
}
