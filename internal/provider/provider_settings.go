package provider

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// envCoalescing set to false makes every read list its application instance
// on its own, instead of sharing lists between the reads of one application
// instance. It is a switch for diagnosis and benchmarks, hence no attribute.
const envCoalescing = "HW_IDENTITY_CENTER_COALESCING"

var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// providerSettings are the provider's effective settings, configuration over
// environment over defaults.
type providerSettings struct {
	accessKey, secretKey, securityToken string
	endpoint                            string
	insecure                            bool
	maxRetries                          int64
	disableCoalescing                   bool // envCoalescing=false
}

// resolveSettings merges the configuration with the environment and checks
// the result; each diagnostic names the attribute and its variable.
func resolveSettings(c IdentityCenterProviderModel) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := providerSettings{
		accessKey:     stringSetting(c.AccessKey.ValueString(), c.AccessKey.IsNull(), settingAccessKey),
		secretKey:     stringSetting(c.SecretKey.ValueString(), c.SecretKey.IsNull(), settingSecretKey),
		securityToken: stringSetting(c.SecurityToken.ValueString(), c.SecurityToken.IsNull(), settingSecurityToken),
		endpoint:      stringSetting(c.Endpoint.ValueString(), c.Endpoint.IsNull(), settingEndpoint),
		insecure:      c.Insecure.ValueBool(),
		maxRetries:    defaultMaxRetries,
	}

	switch {
	case s.accessKey == "" && s.secretKey == "":
		diags.AddError("Missing credentials",
			"The provider needs an access key pair to sign requests to Identity Center. Set access_key and "+
				"secret_key in the provider block, or the HW_ACCESS_KEY and HW_SECRET_KEY environment variables.")
	case s.accessKey == "":
		diags.AddAttributeError(path.Root(settingAccessKey.attr), "Missing access_key",
			"secret_key is set but access_key is not. Set access_key in the provider block or the HW_ACCESS_KEY "+
				"environment variable to the access key that belongs to the secret key.")
	case s.secretKey == "":
		diags.AddAttributeError(path.Root(settingSecretKey.attr), "Missing secret_key",
			"access_key is set but secret_key is not. Set secret_key in the provider block or the HW_SECRET_KEY "+
				"environment variable to the secret key of access key "+s.accessKey+".")
	}

	if c.Insecure.IsNull() {
		if v, ok := os.LookupEnv(settingInsecure.env); ok && v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				diags.AddAttributeError(path.Root(settingInsecure.attr), "Invalid HW_INSECURE value",
					fmt.Sprintf("The HW_INSECURE environment variable (for insecure) must be true or false, got %q.", v))
			}
			s.insecure = b
		}
	}

	if v, ok := os.LookupEnv(envCoalescing); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddError("Invalid "+envCoalescing+" value",
				fmt.Sprintf("The %s environment variable must be true or false, got %q. Unset it to share list "+
					"requests between the reads of one application instance, the default.", envCoalescing, v))
		}
		s.disableCoalescing = err == nil && !b
	}

	if !c.MaxRetries.IsNull() {
		s.maxRetries = c.MaxRetries.ValueInt64()
	} else if v, ok := os.LookupEnv(settingMaxRetries.env); ok && v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > maxMaxRetries {
			diags.AddAttributeError(path.Root(settingMaxRetries.attr), "Invalid HW_MAX_RETRIES value",
				fmt.Sprintf("The HW_MAX_RETRIES environment variable (for max_retries) must be a whole number from 0 to %d, got %q.", maxMaxRetries, v))
		}
		s.maxRetries = n
	}

	if s.endpoint == "" {
		cloud := stringSetting(c.Cloud.ValueString(), c.Cloud.IsNull(), settingCloud)
		if cloud == "" {
			cloud = defaultCloud
		}
		if !domainPattern.MatchString(cloud) {
			diags.AddAttributeError(path.Root(settingCloud.attr), "Invalid cloud",
				fmt.Sprintf("cloud (or HW_CLOUD) must be a domain name such as %s, without scheme or path; got %q.", defaultCloud, cloud))
			return s, diags
		}
		s.endpoint = "https://identitycenter." + cloud
	}
	u, err := identitycenter.ParseEndpoint(s.endpoint)
	if err != nil {
		diags.AddAttributeError(path.Root(settingEndpoint.attr), "Invalid endpoint",
			fmt.Sprintf("endpoint (or HW_IDENTITY_CENTER_ENDPOINT) is not usable: %s.", err))
		return s, diags
	}
	if u.Scheme == "http" && !isLoopback(u) {
		diags.AddAttributeWarning(path.Root(settingEndpoint.attr), "Unencrypted endpoint",
			fmt.Sprintf("endpoint %s uses http:// to a host that is not this machine: requests, their signatures and "+
				"any security token cross the network in clear text. Use https:// unless this is a test API.", s.endpoint))
	}
	return s, diags
}

// stringSetting returns the configured value, or else the environment's.
func stringSetting(value string, isNull bool, s setting) string {
	if !isNull {
		return value
	}
	return os.Getenv(s.env)
}

func isLoopback(u *url.URL) bool {
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
