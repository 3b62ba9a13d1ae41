package signer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

func fuzzSpec(seg, qkey, qval, hval string) spec {
	s := deleteSpec()
	s.params["profile_id"] = seg
	s.query = []queryParam{{key: qkey, values: []string{qval}}}
	return s.withHeaders(header{"X-Fuzz", hval})
}

func FuzzSignMatchesSDK(f *testing.F) {
	f.Add("p-dc6434b56c4e5221", "limit", "100", "value")
	f.Add("a b+c%d", "k y", "v+w x", "  padded  ")
	f.Add("配置~._-", "ключ", "😀", "é\t")
	f.Add("", "", "", "")
	f.Add("/", "&", "=", ";")
	f.Add("..", "a;b", "%zz", "\t")
	f.Add("\xff\x00", "\xfe", "\x01", "\x80")
	f.Add("{instance_id}", "{x}", "{}", "{")
	f.Fuzz(func(t *testing.T, seg, qkey, qval, hval string) {
		if !validHeaderValue(hval) {
			t.Skip("net/http would refuse to send this header value")
		}
		ours, sdk, ourDate, sdkDate, err := signBoth(fuzzSpec(seg, qkey, qval, hval))
		if errors.Is(err, errUnrepresentable) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if ours != sdk || ourDate != sdkDate {
			t.Errorf("differs from the SDK\n ours: %s %s\n  sdk: %s %s", ourDate, ours, sdkDate, sdk)
		}
	})
}

func FuzzVerifyRoundTrip(f *testing.F) {
	f.Add("p-dc6434b56c4e5221", "value", []byte(nil), "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=00")
	f.Add("a b", " v ", []byte(`{"a":1}`), "")
	f.Add("😀", "", []byte{0xff}, "SDK-HMAC-SHA256 ")
	f.Add("%", "\t", []byte("x"), "SDK-HMAC-SHA256 ,,,=,==;;")
	f.Add("", "", []byte(nil), "SDK-HMAC-SHA256 Access=HPUAXEXAMPLEACCESSK1, SignedHeaders=;, Signature=")
	f.Add(".", "x", []byte(nil), "SDK-HMAC-SHA256 Access=HPUAXEXAMPLEACCESSK1, SignedHeaders=host;x-sdk-date, Signature=zz")
	f.Fuzz(func(t *testing.T, seg, hval string, body []byte, auth string) {
		if !validHeaderValue(hval) || !validHeaderValue(auth) {
			t.Skip("net/http would refuse to send this header value")
		}
		s := deleteSpec().withHeaders(header{"X-Fuzz", hval})
		s.params["profile_id"] = seg
		s.token = "session-token"
		req, err := ourRequest(s, body)
		if err != nil {
			t.Skip(err)
		}
		creds := signer.Credentials{AccessKey: testAK, SecretKey: testSK, SecurityToken: s.token}
		if err := signer.Sign(req, body, creds, otherNow); err != nil {
			t.Fatal(err)
		}
		genuine := req.Header.Get("Authorization")
		if got, err := signer.Verify(req, body, secrets); err != nil || got.AccessKey != testAK {
			t.Fatalf("Verify of a signed request = %+v, %v", got, err)
		}

		req.Header.Set("Authorization", auth)
		got, err := signer.Verify(req, body, secrets)
		switch {
		case err == nil:
			// Only a spelling of the genuine header may pass.
			if got.AccessKey != testAK || !strings.Contains(auth, genuine[strings.LastIndex(genuine, "=")+1:]) {
				t.Errorf("Verify accepted %q (genuine %q) as %+v", auth, genuine, got)
			}
		case !errors.Is(err, signer.ErrMissingAuthorization) && !errors.Is(err, signer.ErrMalformed) &&
			!errors.Is(err, signer.ErrUnknownAccessKey) && !errors.Is(err, signer.ErrSignatureMismatch):
			t.Errorf("Verify(%q) = %v, not one of the documented errors", auth, err)
		}
	})
}
