package provider

import (
	"context"
	"time"

	datasourcetimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	datasourceschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Adopting and deleting wait out throttling and retries; a refresh runs in
// every plan, where a long hang is worse than an error. The descriptions
// below repeat these values.
const (
	defaultCreateTimeout = 20 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 20 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

const timeoutsRule = ` A duration such as "30s", "10m" or "1h"; units "s", "m" and "h".`

const readTimeoutDescription = "How long a refresh, or a check at plan time, may take, retries included. " +
	"Defaults to `5m`. A refresh reads it from state, so a new value applies from the apply that records it." + timeoutsRule

// applicationProfileTimeouts is the timeouts block of
// identitycenter_application_profile.
func applicationProfileTimeouts(ctx context.Context) schema.Block {
	return resourceTimeouts(ctx, "Defaults: create `20m`, read `5m`, delete `20m`.", timeouts.Opts{
		Create:            true,
		Read:              true,
		Delete:            true,
		CreateDescription: "How long adopting may take, retries included. Defaults to `20m`." + timeoutsRule,
		ReadDescription:   readTimeoutDescription,
		DeleteDescription: "How long deleting may take, retries included. Defaults to `20m`." + timeoutsRule,
	})
}

// applicationProfilesExclusiveTimeouts is the timeouts block of
// identitycenter_application_profiles_exclusive, which deletes only in
// Update.
func applicationProfilesExclusiveTimeouts(ctx context.Context) schema.Block {
	return resourceTimeouts(ctx, "Defaults: create `20m`, read `5m`, update `20m`.", timeouts.Opts{
		Create:            true,
		Read:              true,
		Update:            true,
		CreateDescription: "How long creating may take, the check that every declared association exists included. Defaults to `20m`." + timeoutsRule,
		ReadDescription:   readTimeoutDescription,
		UpdateDescription: "How long enforcing the set may take, every deletion and retry included. Defaults to `20m`." + timeoutsRule,
	})
}

func resourceTimeouts(ctx context.Context, defaults string, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts).(schema.SingleNestedBlock) //nolint:forcetypeassert // timeouts.Block always makes a SingleNestedBlock
	block.MarkdownDescription = "Time limits of the operations that call the API, each covering every retry. " + defaults
	return block
}

// dataSourceTimeouts is the timeouts block of a data source.
func dataSourceTimeouts(ctx context.Context) datasourceschema.Block {
	block := datasourcetimeouts.BlockWithOpts(ctx, datasourcetimeouts.Opts{ //nolint:forcetypeassert // BlockWithOpts always makes a SingleNestedBlock
		ReadDescription: "How long reading may take, retries included. Defaults to `5m`." + timeoutsRule,
	}).(datasourceschema.SingleNestedBlock)
	block.MarkdownDescription = "Time limit of the read, covering every retry. Defaults: read `5m`."
	return block
}

// withTimeout bounds ctx by the configured timeout of one operation, or by
// its default. get is one of the timeouts.Value methods, such as Create.
func withTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	defaultTimeout time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := get(ctx, defaultTimeout)
	diags.Append(d...)
	return context.WithTimeout(ctx, timeout)
}
