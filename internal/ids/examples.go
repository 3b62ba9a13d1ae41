package ids

// Refused is one ID the rule refuses, and what Check says of it.
type Refused struct {
	ID   string
	Says string
}

// RefusedExamples are IDs the rule refuses, one for each kind of character
// it refuses and each ID it refuses outright, so that the tests of the
// provider, the client and the mock check the same cases as the rule's own.
var RefusedExamples = []Refused{
	{"", "must not be empty"},
	{".", "path element"},
	{"..", "path element"},
	{"p/1", "a slash"},
	{"p?1", "a question mark"},
	{"p#1", "a hash sign"},
	{"p 1", "white space (U+0020)"},
	{"p-1\u00a0", "white space (U+00A0)"},
	{"p\u30001", "white space (U+3000)"},
	{"p-1\u2028", "white space (U+2028)"},
	{"p\t1", "white space (U+0009)"},
	{"p-1\n", "white space (U+000A)"},
	{"p\u0085", "white space (U+0085)"},
	{"p\x001", "a control character (U+0000)"},
	{"p\x1b[0m", "a control character (U+001B)"},
	{"p\x7f", "a control character (U+007F)"},
	{"p\u200b1", "an invisible format character (U+200B)"},
	{"\ufeffp-1", "an invisible format character (U+FEFF)"},
	{"p-1\u200f", "an invisible format character (U+200F)"},
}
