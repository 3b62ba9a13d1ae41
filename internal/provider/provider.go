// Package provider is the Terraform layer of the Identity Center provider.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// RegistryAddress is the provider's source address.
const RegistryAddress = "registry.terraform.io/hwc-community/identitycenter"

const (
	defaultCloud      = "myhuaweicloud.com"
	defaultMaxRetries = 5
	maxMaxRetries     = 100
)

var (
	_ provider.Provider                  = &IdentityCenterProvider{}
	_ provider.ProviderWithListResources = &IdentityCenterProvider{}
	_ provider.ProviderWithActions       = &IdentityCenterProvider{}
)

// IdentityCenterProvider configures the API client shared by the resources
// and data sources.
type IdentityCenterProvider struct {
	version string
	// retryWaitMin and retryWaitMax bound the backoff between attempts;
	// zero keeps the client's defaults. Only tests set them, to run
	// against a flaky mock API without waiting seconds per retry.
	retryWaitMin, retryWaitMax time.Duration
}

// IdentityCenterProviderModel is the provider block.
type IdentityCenterProviderModel struct {
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Endpoint      types.String `tfsdk:"endpoint"`
	Cloud         types.String `tfsdk:"cloud"`
	Insecure      types.Bool   `tfsdk:"insecure"`
	MaxRetries    types.Int64  `tfsdk:"max_retries"`
}

// New returns a constructor of the provider for the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &IdentityCenterProvider{version: version}
	}
}

func (p *IdentityCenterProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "identitycenter"
	resp.Version = p.version
}

func (p *IdentityCenterProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the associations between Huawei Cloud IAM Identity Center application " +
			"instances and users or user groups (application profiles). The API has no create operation: " +
			"associations come into being when a user or group is assigned to an application, and the " +
			"`identitycenter_application_profile` resource takes an existing one under management.\n\n" +
			"Every attribute can also be set through the environment variable named in its description; " +
			"a value in the configuration wins over the environment.",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				MarkdownDescription: "Access key (AK) used to sign requests. Environment variable: `HW_ACCESS_KEY`.",
				Optional:            true,
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "Secret key (SK) used to sign requests. Environment variable: `HW_SECRET_KEY`.",
				Optional:            true,
				Sensitive:           true,
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "Session token of temporary credentials, sent as `X-Security-Token`. " +
					"Required when the access key pair is temporary. Environment variable: `HW_SECURITY_TOKEN`.",
				Optional:  true,
				Sensitive: true,
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Identity Center API, such as `https://identitycenter.myhuaweicloud.com` " +
					"or the address of the bundled mock API. Defaults to `https://identitycenter.<cloud>`. " +
					"Environment variable: `HW_IDENTITY_CENTER_ENDPOINT`.",
				Optional: true,
			},
			"cloud": schema.StringAttribute{
				MarkdownDescription: "Domain of the cloud, used to build the default endpoint. Defaults to `" + defaultCloud +
					"`; for example `myhuaweicloud.eu`. Environment variable: `HW_CLOUD`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(domainPattern, "must be a domain name such as myhuaweicloud.com, without scheme or path"),
				},
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the endpoint's TLS certificate. Defaults to `false`. " +
					"Environment variable: `HW_INSECURE`.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a throttled, failed or unanswered request is tried again. " +
					"Defaults to `5`. Environment variable: `HW_MAX_RETRIES`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
		},
	}
}

func (p *IdentityCenterProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config IdentityCenterProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if unknown := unknownAttributes(config); len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		for _, s := range unknown {
			resp.Diagnostics.AddAttributeError(path.Root(s.attr), "Unknown "+s.attr+" value",
				fmt.Sprintf("The provider cannot build its API client because %s is not known until apply. "+
					"Apply the resource it comes from first (terraform apply -target), set a static value, "+
					"or use the %s environment variable.", s.attr, s.env))
		}
		return
	}

	settings, diags := resolveSettings(config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "secret_key", "security_token")
	// Whatever a field or message is called, the secrets' values are masked.
	for _, secret := range []string{settings.secretKey, settings.securityToken} {
		if secret != "" {
			ctx = tflog.MaskAllFieldValuesStrings(ctx, secret)
			ctx = tflog.MaskMessageStrings(ctx, secret)
		}
	}
	tflog.Debug(ctx, "configuring the Identity Center client", map[string]any{
		"endpoint":    settings.endpoint,
		"access_key":  settings.accessKey,
		"temporary":   settings.securityToken != "",
		"insecure":    settings.insecure,
		"max_retries": settings.maxRetries,
		"coalescing":  !settings.disableCoalescing,
	})

	client, err := identitycenter.New(identitycenter.Config{
		Endpoint: settings.endpoint,
		Credentials: signer.Credentials{
			AccessKey:     settings.accessKey,
			SecretKey:     settings.secretKey,
			SecurityToken: settings.securityToken,
		},
		Insecure:     settings.insecure,
		MaxRetries:   int(settings.maxRetries),
		RetryWaitMin: p.retryWaitMin,
		RetryWaitMax: p.retryWaitMax,
		UserAgent:    fmt.Sprintf("terraform-provider-identitycenter/%s Terraform/%s", p.version, req.TerraformVersion),
		// Off only for diagnosis and benchmarks: see envCoalescing.
		DisableCoalescing: settings.disableCoalescing,
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the Identity Center API client", err.Error())
		return
	}
	resp.DataSourceData = client
	resp.ResourceData = client
	resp.ListResourceData = client
	resp.ActionData = client
}

func (p *IdentityCenterProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewApplicationProfileResource,
		NewApplicationProfilesExclusiveResource,
	}
}

func (p *IdentityCenterProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewApplicationProfilesDataSource,
	}
}

func (p *IdentityCenterProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewApplicationProfileListResource,
	}
}

func (p *IdentityCenterProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewDeleteApplicationProfileAction,
	}
}

// setting names an attribute and the environment variable behind it.
type setting struct{ attr, env string }

var (
	settingAccessKey     = setting{"access_key", "HW_ACCESS_KEY"}
	settingSecretKey     = setting{"secret_key", "HW_SECRET_KEY"}
	settingSecurityToken = setting{"security_token", "HW_SECURITY_TOKEN"}
	settingEndpoint      = setting{"endpoint", "HW_IDENTITY_CENTER_ENDPOINT"}
	settingCloud         = setting{"cloud", "HW_CLOUD"}
	settingInsecure      = setting{"insecure", "HW_INSECURE"}
	settingMaxRetries    = setting{"max_retries", "HW_MAX_RETRIES"}
)

func unknownAttributes(c IdentityCenterProviderModel) []setting {
	var unknown []setting
	for _, a := range []struct {
		setting
		value attr.Value
	}{
		{settingAccessKey, c.AccessKey}, {settingSecretKey, c.SecretKey}, {settingSecurityToken, c.SecurityToken},
		{settingEndpoint, c.Endpoint}, {settingCloud, c.Cloud}, {settingInsecure, c.Insecure}, {settingMaxRetries, c.MaxRetries},
	} {
		if a.value.IsUnknown() {
			unknown = append(unknown, a.setting)
		}
	}
	return unknown
}
