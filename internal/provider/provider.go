// Package provider is the Terraform layer of the Identity Center provider:
// the provider and its settings, one file per resource, data source, list
// resource and action, and what they share (id_validators.go,
// diagnostics.go, provider_data.go, string_sets.go). It turns Terraform
// values into calls of the API client and the client's answers and typed
// errors into state and diagnostics.
//
// It talks to the API only through internal/identitycenter, and never
// imports the mock API (internal/mockapi), which only its tests use.
package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// RegistryAddress is the provider's source address.
const RegistryAddress = providername.RegistryAddress

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

// New returns a constructor of the provider for the given release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &IdentityCenterProvider{version: version}
	}
}

func (p *IdentityCenterProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = providername.TypeName
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
		Attributes: settingsSchema(),
		Blocks:     settingsBlocks(),
	}
}

func (p *IdentityCenterProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	config, unknown, diags := readConfig(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	if len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		for _, s := range unknown {
			resp.Diagnostics.AddAttributeError(s.path(), "Unknown "+s.attr+" value",
				fmt.Sprintf("The provider cannot build its API client because %s is not known until apply. "+
					"Apply the resource it comes from first (terraform apply -target), set a static value, "+
					"or use the %s environment variable.", s.attr, s.env))
		}
		return
	}

	resolved, diags := resolveSettings(config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveAttributes()...)
	// Whatever a field or message is called, the secrets' values are masked.
	for _, secret := range secretsOf(resolved) {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secret)
		ctx = tflog.MaskMessageStrings(ctx, secret)
	}
	tflog.Debug(ctx, "configuring the Identity Center client", map[string]any{
		settingEndpoint.attr:    resolved.endpoint,
		settingIAMEndpoint.attr: resolved.iamEndpoint,
		settingAccessKey.attr:   resolved.accessKey,
		settingDomainID.attr:    resolved.domainID,
		"temporary":             resolved.securityToken != "",
		settingInsecure.attr:    resolved.insecure,
		settingMaxRetries.attr:  resolved.maxRetries,
		"coalescing":            !resolved.disableCoalescing,
		"credentials":           resolved.credentialsName(),
	})

	cfg := identitycenter.Config{
		Endpoint:    resolved.endpoint,
		IAMEndpoint: resolved.iamEndpoint,
		STSEndpoint: resolved.stsEndpoint,
		DomainID:    resolved.domainID,
		Credentials: signer.Credentials{
			AccessKey:     resolved.accessKey,
			SecretKey:     resolved.secretKey,
			SecurityToken: resolved.securityToken,
		},
		Insecure:     resolved.insecure,
		MaxRetries:   int(resolved.maxRetries),
		RetryWaitMin: p.retryWaitMin,
		RetryWaitMax: p.retryWaitMax,
		UserAgent:    fmt.Sprintf("terraform-provider-identitycenter/%s Terraform/%s", p.version, req.TerraformVersion),
		// Off only for diagnosis and benchmarks: see envCoalescing.
		DisableCoalescing: resolved.disableCoalescing,
	}
	resolved.clientCredentials(&cfg)
	client, err := identitycenter.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the Identity Center API client", err.Error())
		return
	}
	if resolved.temporary() {
		resp.Diagnostics.Append(authenticate(ctx, client, resolved)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	data := &providerData{client: client, plans: newPlannedChanges(), creates: newExclusiveCreates()}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *IdentityCenterProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewApplicationProfileResource,
		NewApplicationProfilesExclusiveResource,
		NewApplicationAssignmentResource,
		NewApplicationAssignmentsExclusiveResource,
	}
}

func (p *IdentityCenterProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewApplicationProfilesDataSource,
		NewApplicationAssignmentsDataSource,
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

// settingsSchema declares an attribute for each setting.
func settingsSchema() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(settings))
	for _, st := range settings {
		if !st.inBlock() {
			attrs[st.attr] = st.schemaAttribute()
		}
	}
	return attrs
}

// schemaAttribute declares the setting's attribute.
func (st *setting) schemaAttribute() schema.Attribute {
	switch st.kind {
	case kindBool:
		return schema.BoolAttribute{MarkdownDescription: st.markdownDescription(), Optional: true,
			Sensitive: st.sensitive, Validators: []validator.Bool{st}}
	case kindWholeNumber:
		return schema.NumberAttribute{MarkdownDescription: st.markdownDescription(), Optional: true,
			Sensitive: st.sensitive, Validators: []validator.Number{st}}
	}
	return schema.StringAttribute{MarkdownDescription: st.markdownDescription(), Optional: true,
		Sensitive: st.sensitive, Validators: []validator.String{st}}
}

// configText reads one setting from the provider block as text. set is false
// for a null value, unknown true for a value known only at apply.
func configText(ctx context.Context, config tfsdk.Config, st *setting) (text string, set, unknown bool, diags diag.Diagnostics) {
	var v attr.Value
	switch st.kind {
	case kindBool:
		var b types.Bool
		diags, v = config.GetAttribute(ctx, st.path(), &b), b
	case kindWholeNumber:
		var n types.Number
		diags, v = config.GetAttribute(ctx, st.path(), &n), n
	default:
		var s types.String
		diags, v = config.GetAttribute(ctx, st.path(), &s), s
	}
	return valueText(v), !v.IsNull() && !v.IsUnknown(), v.IsUnknown(), diags
}

// valueText is a configured value as text, the form the environment gives.
func valueText(v attr.Value) string {
	switch v := v.(type) {
	case types.Bool:
		return strconv.FormatBool(v.ValueBool())
	case types.Number:
		if f := v.ValueBigFloat(); f != nil {
			return f.Text('f', -1)
		}
	case types.String:
		return v.ValueString()
	}
	return ""
}

// readConfig returns the settings the provider block sets, and those it
// leaves unknown until apply.
func readConfig(ctx context.Context, config tfsdk.Config) (configValues, []*setting, diag.Diagnostics) {
	values := configValues{}
	var unknown []*setting
	var diags diag.Diagnostics
	for _, st := range settings {
		text, set, isUnknown, d := configText(ctx, config, st)
		diags.Append(d...)
		switch {
		case isUnknown:
			unknown = append(unknown, st)
		case set:
			values[st.attr] = text
		}
	}
	return values, unknown, diags
}

// A setting validates its own attribute, so that `terraform validate` reports
// a bad value with the message Configure would give.
var (
	_ validator.String = (*setting)(nil)
	_ validator.Bool   = (*setting)(nil)
	_ validator.Number = (*setting)(nil)
)

func (st *setting) Description(context.Context) string {
	return "a valid " + st.attr
}

func (st *setting) MarkdownDescription(ctx context.Context) string { return st.Description(ctx) }

func (st *setting) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	st.validate(req.ConfigValue, &resp.Diagnostics)
}

func (st *setting) ValidateBool(_ context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	st.validate(req.ConfigValue, &resp.Diagnostics)
}

func (st *setting) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	st.validate(req.ConfigValue, &resp.Diagnostics)
}

func (st *setting) validate(v attr.Value, diags *diag.Diagnostics) {
	text := valueText(v)
	if v.IsNull() || v.IsUnknown() || text == "" {
		return
	}
	if err := st.parse(&providerSettings{}, text); err != nil {
		diags.Append(st.invalid(fromConfig, text, err))
	}
}
