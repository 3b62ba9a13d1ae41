package signer

import (
	"crypto/hmac"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Verification failures. Verify wraps them with detail.
var (
	ErrMissingAuthorization = errors.New("the request is not signed")
	ErrMalformed            = errors.New("the Authorization header is malformed")
	ErrUnknownAccessKey     = errors.New("the access key is unknown")
	ErrSignatureMismatch    = errors.New("the signature does not match")
)

// Signed is what Verify learnt from a request with a valid signature.
type Signed struct {
	AccessKey string
	Date      time.Time
	// Headers are the lower-cased names of the signed headers.
	Headers []string
}

// Verify checks the Authorization header of req, as a gateway does, over the
// headers it names. secretFor returns the secret key of an access key.
func Verify(req *http.Request, body []byte, secretFor func(accessKey string) (string, bool)) (Signed, error) {
	auth := req.Header.Get("Authorization")
	if auth == "" {
		return Signed{}, ErrMissingAuthorization
	}
	accessKey, signedHeaders, sig, err := parseAuthorization(auth)
	if err != nil {
		return Signed{}, err
	}
	if !slices.Contains(signedHeaders, strings.ToLower(HeaderDate)) {
		return Signed{}, errors.Join(ErrMalformed, errors.New("X-Sdk-Date is not signed"))
	}
	date := req.Header.Get(HeaderDate)
	t, err := time.Parse(DateFormat, date)
	if err != nil {
		return Signed{}, errors.Join(ErrMalformed, errors.New("X-Sdk-Date is not of the form "+DateFormat))
	}
	secret, ok := secretFor(accessKey)
	if !ok {
		return Signed{}, ErrUnknownAccessKey
	}
	want := signature(secret, date, canonicalRequest(req, body, signedHeaders))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return Signed{}, ErrSignatureMismatch
	}
	return Signed{AccessKey: accessKey, Date: t, Headers: signedHeaders}, nil
}

// parseAuthorization splits "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(auth string) (accessKey string, signedHeaders []string, sig string, err error) {
	rest, ok := strings.CutPrefix(auth, Algorithm+" ")
	if !ok {
		return "", nil, "", errors.Join(ErrMalformed, errors.New("the algorithm is not "+Algorithm))
	}
	for _, part := range strings.Split(rest, ",") {
		key, value, found := strings.Cut(strings.TrimSpace(part), "=")
		if !found {
			return "", nil, "", ErrMalformed
		}
		switch key {
		case "Access":
			accessKey = value
		case "SignedHeaders":
			signedHeaders = strings.Split(value, ";")
		case "Signature":
			sig = value
		}
	}
	if accessKey == "" || len(signedHeaders) == 0 || sig == "" {
		return "", nil, "", ErrMalformed
	}
	if !slices.IsSorted(signedHeaders) {
		return "", nil, "", errors.Join(ErrMalformed, errors.New("SignedHeaders are not sorted"))
	}
	for _, h := range signedHeaders {
		if h == "" || h != strings.ToLower(h) {
			return "", nil, "", errors.Join(ErrMalformed, errors.New("SignedHeaders are not lower-case names"))
		}
	}
	return accessKey, signedHeaders, sig, nil
}
