// Package signer implements the SDK-HMAC-SHA256 AK/SK signature that Huawei
// Cloud API gateways verify, with the same canonical form as the signer of the
// official Huawei Cloud Go SDK (core/auth/signer), so that a request signed
// here carries a byte-identical Authorization header.
//
// It imports the standard library only: the client signs with it and the
// mock API verifies with it. The official SDK is a test dependency, never
// imported here.
package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

const (
	// Algorithm is the name of the signature scheme in the Authorization header.
	Algorithm = "SDK-HMAC-SHA256"
	// HeaderDate carries the signing time; it is always signed.
	HeaderDate = "X-Sdk-Date"
	// HeaderContentSha256 replaces the body hash when present.
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	// HeaderSecurityToken carries the session token of temporary credentials.
	HeaderSecurityToken = "X-Security-Token"
	// HeaderDomainID carries the account ID with the global credentials of
	// global services, such as Identity Center; it is signed like any header.
	HeaderDomainID = "X-Domain-Id"
	// DateFormat is the layout of HeaderDate, always in UTC.
	DateFormat = "20060102T150405Z"

	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// Credentials are an access key pair, with the session token of temporary
// credentials when there is one.
type Credentials struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
}

// Sign adds X-Security-Token (when the credentials have one), X-Sdk-Date and
// Authorization to req. Every header already on req is signed, except
// Content-Type and names with an underscore, as the official SDK does. A
// parsable X-Sdk-Date already on req is kept (to the second), otherwise now
// is used. body is the payload that will be sent, nil for none.
func Sign(req *http.Request, body []byte, creds Credentials, now time.Time) error {
	if creds.AccessKey == "" {
		return errors.New("signer: access key is empty")
	}
	if creds.SecretKey == "" {
		return errors.New("signer: secret key is empty")
	}
	if creds.SecurityToken != "" {
		req.Header.Set(HeaderSecurityToken, creds.SecurityToken)
	}
	if ct, ok := req.Header["Content-Type"]; ok && len(ct) > 0 &&
		!strings.Contains(ct[0], "application/json") && !strings.Contains(ct[0], "application/bson") {
		req.Header.Set(HeaderContentSha256, unsignedPayload)
	}
	// The SDK re-formats a date it could parse: time.Parse accepts a
	// fractional second ("…05.5Z") that the layout does not show, and the
	// SDK signs and sends the date without it.
	t, err := time.Parse(DateFormat, req.Header.Get(HeaderDate))
	if err != nil {
		t = now
	}
	date := t.UTC().Format(DateFormat)
	req.Header.Set(HeaderDate, date)

	signed := signableHeaders(req.Header)
	sig := signature(creds.SecretKey, date, canonicalRequest(req, body, signed))
	req.Header.Set("Authorization", authorization(creds.AccessKey, signed, sig))
	return nil
}

// signableHeaders lists, lower-cased and sorted, the headers the SDK signs.
func signableHeaders(h http.Header) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "content-type") || strings.Contains(k, "_") {
			continue
		}
		names = append(names, lk)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func authorization(accessKey string, signedHeaders []string, sig string) string {
	var b strings.Builder
	b.Grow(len(Algorithm) + len(accessKey) + len(sig) + 48 + 16*len(signedHeaders))
	b.WriteString(Algorithm)
	b.WriteString(" Access=")
	b.WriteString(accessKey)
	b.WriteString(", SignedHeaders=")
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteString(", Signature=")
	b.WriteString(sig)
	return b.String()
}

func signature(secretKey, date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	var sts strings.Builder
	sts.Grow(len(Algorithm) + len(date) + 2 + hex.EncodedLen(len(sum)))
	sts.WriteString(Algorithm)
	sts.WriteByte('\n')
	sts.WriteString(date)
	sts.WriteByte('\n')
	sts.WriteString(hex.EncodeToString(sum[:]))

	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(sts.String()))
	return hex.EncodeToString(mac.Sum(nil))
}

// canonicalRequest builds the SDK's canonical form of req over the given
// lower-cased, sorted header names.
func canonicalRequest(req *http.Request, body []byte, signedHeaders []string) string {
	var b strings.Builder
	b.Grow(256 + len(req.URL.Path))
	b.WriteString(req.Method)
	b.WriteByte('\n')
	writeCanonicalURI(&b, req.URL.Path)
	b.WriteByte('\n')
	writeCanonicalQuery(&b, req)
	b.WriteByte('\n')
	writeCanonicalHeaders(&b, req, signedHeaders)
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	if v, ok := req.Header[HeaderContentSha256]; ok && len(v) > 0 {
		b.WriteString(v[0])
	} else {
		sum := sha256.Sum256(body)
		b.WriteString(hex.EncodeToString(sum[:]))
	}
	return b.String()
}

// writeCanonicalURI escapes each path segment and ends the path with a slash.
func writeCanonicalURI(b *strings.Builder, path string) {
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		writeEscaped(b, seg)
	}
	if !strings.HasSuffix(b.String(), "/") {
		b.WriteByte('/')
	}
}

func writeCanonicalQuery(b *strings.Builder, req *http.Request) {
	if req.URL.RawQuery == "" {
		return
	}
	query := req.URL.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first := true
	for _, k := range keys {
		values := slices.Clone(query[k])
		slices.Sort(values)
		for _, v := range values {
			if !first {
				b.WriteByte('&')
			}
			first = false
			writeEscaped(b, k)
			b.WriteByte('=')
			writeEscaped(b, v)
		}
	}
}

// writeCanonicalHeaders writes "name:value\n" for each signed header, values
// trimmed and sorted. A signed host is the request's Host, which Go keeps
// out of the header map.
func writeCanonicalHeaders(b *strings.Builder, req *http.Request, signedHeaders []string) {
	for _, name := range signedHeaders {
		values := headerValues(req.Header, name)
		if len(values) == 0 && name == "host" && req.Host != "" {
			values = []string{req.Host}
		}
		slices.Sort(values)
		for _, v := range values {
			b.WriteString(name)
			b.WriteByte(':')
			b.WriteString(strings.TrimSpace(v))
			b.WriteByte('\n')
		}
	}
}

// headerValues collects the values of a lower-cased name across every
// spelling of it in h.
func headerValues(h http.Header, lowerName string) []string {
	var values []string
	for k, v := range h {
		if strings.EqualFold(k, lowerName) {
			values = append(values, v...)
		}
	}
	return values
}

// writeEscaped percent-encodes every byte outside A-Z a-z 0-9 _ - ~ . with
// upper-case hex, as the SDK's escape does.
func writeEscaped(b *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '~' || c == '.' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
}
