package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Adopting and deleting wait out throttling and retries; a refresh runs in
// every plan, where a long hang is worse than an error. The descriptions in
// applicationProfileTimeouts repeat these values.
const (
	defaultCreateTimeout = 20 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

const timeoutsRule = ` A duration such as "30s", "10m" or "1h"; units "s", "m" and "h".`

// applicationProfileTimeouts is the resource's timeouts block.
func applicationProfileTimeouts(ctx context.Context) schema.Block {
	block := timeouts.Block(ctx, timeouts.Opts{ //nolint:forcetypeassert // timeouts.Block always makes a SingleNestedBlock
		Create:            true,
		Read:              true,
		Delete:            true,
		CreateDescription: "How long adopting may take, retries included. Defaults to `20m`." + timeoutsRule,
		ReadDescription: "How long a refresh, or the check at plan time that an association to adopt exists, may take, " +
			"retries included. Defaults to `5m`. A refresh reads it from state, so a new value applies from the apply " +
			"that records it." + timeoutsRule,
		DeleteDescription: "How long deleting may take, retries included. Defaults to `20m`." + timeoutsRule,
	}).(schema.SingleNestedBlock)
	block.MarkdownDescription = "Time limits of the operations that call the API, each covering every retry. " +
		"Defaults: create `20m`, read `5m`, delete `20m`."
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
