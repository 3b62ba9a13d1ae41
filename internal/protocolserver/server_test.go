package protocolserver

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/provider"
)

const resourceType = "identitycenter_application_profile"

func frameworkServer() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(provider.New("test")())()
}

// The wrapper must offer every RPC the framework's server has, those that
// terraform-plugin-go finds by type assertion included.
func TestNewKeepsTheFrameworksRPCs(t *testing.T) {
	t.Parallel()
	s := New(frameworkServer(), KeepLoggers)
	if _, ok := s.(Server); !ok {
		t.Fatalf("New returned %T, want the framework's server wrapped in a Server", s)
	}
	if _, ok := s.(tfprotov6.ListResourceServer); !ok {
		t.Error("the wrapped server lost the list resource RPCs")
	}
	if _, ok := s.(tfprotov6.ActionServer); !ok {
		t.Error("the wrapped server lost the action RPCs")
	}
	if _, ok := s.(tfprotov6.StateStoreServer); !ok {
		t.Error("the wrapped server lost the state store RPCs")
	}
}

// The framework keeps the context of every request; through the wrapper,
// what it keeps no longer holds the request's values. The unwrapped case
// shows the retention the wrapper exists for: if it fails, the framework no
// longer keeps request contexts and the wrapper can go.
func TestRequestContextsAreNotKept(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		wrap          bool
		wantCollected bool
	}{
		{"framework server", false, false},
		{"wrapped", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := frameworkServer()
			if tc.wrap {
				s = New(s, KeepLoggers)
			}
			req := validateRequest(t, s)
			collected := request(t, func(ctx context.Context) {
				resp, err := s.ValidateResourceConfig(ctx, req)
				if err != nil {
					t.Fatalf("ValidateResourceConfig: %v", err)
				}
				for _, d := range resp.Diagnostics {
					if d.Severity == tfprotov6.DiagnosticSeverityError {
						t.Fatalf("ValidateResourceConfig: %s: %s", d.Summary, d.Detail)
					}
				}
			})
			if got := collected(); got != tc.wantCollected {
				t.Errorf("request context collected after the response: %v, want %v", got, tc.wantCollected)
			}
			runtime.KeepAlive(s) // a provider process serves until it exits
		})
	}
}

// validateRequest is a valid configuration of the resource, built from the
// schema the server reports.
func validateRequest(t *testing.T, s tfprotov6.ProviderServer) *tfprotov6.ValidateResourceConfigRequest {
	t.Helper()
	resp, err := s.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatalf("GetProviderSchema: %v", err)
	}
	schema, ok := resp.ResourceSchemas[resourceType]
	if !ok {
		t.Fatalf("no schema for %s", resourceType)
	}
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("the schema of %s is a %T, want an object", resourceType, schema.ValueType())
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	values["instance_id"] = tftypes.NewValue(tftypes.String, "ins-0123456789abcdef")
	values["application_instance_id"] = tftypes.NewValue(tftypes.String, "app-ins-00000000000000a1")
	values["profile_id"] = tftypes.NewValue(tftypes.String, "p-0000000000000001")
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatalf("encoding the configuration: %v", err)
	}
	return &tfprotov6.ValidateResourceConfigRequest{TypeName: resourceType, Config: &config}
}

// Dropping the loggers hands the framework none of the request's values,
// and still its cancellation; keeping them hands it the values.
func TestServeDropsTheRequestsValuesOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		loggers   Loggers
		wantValue any
	}{
		{KeepLoggers, "logger"},
		{DropLoggers, nil},
	} {
		parent, cancel := context.WithCancel(context.WithValue(t.Context(), testKey{}, "logger"))
		_, _ = serve(tc.loggers, parent, func(ctx context.Context, _ struct{}) (struct{}, error) {
			if got := ctx.Value(testKey{}); got != tc.wantValue {
				t.Errorf("loggers %d: Value = %v, want %v", tc.loggers, got, tc.wantValue)
			}
			cancel()
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
				t.Errorf("loggers %d: the request was cancelled, the framework's context was not", tc.loggers)
			}
			return struct{}{}, nil
		}, struct{}{})
	}
}

func TestLoggersFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		debug   bool
		environ []string
		want    Loggers
	}{
		{"nothing reads the logs", false, nil, DropLoggers},
		{"TF_LOG set", false, []string{"TF_LOG=DEBUG"}, KeepLoggers},
		{"a test log file", false, []string{"TF_ACC_LOG_PATH=/tmp/log"}, KeepLoggers},
		{"debug mode", true, nil, KeepLoggers},
	} {
		if got := LoggersFor(UnreadLoggers(tc.debug, tc.environ)); got != tc.want {
			t.Errorf("%s: LoggersFor = %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := LoggersFor(loggerLevelVariables[1:]); got != KeepLoggers {
		t.Errorf("with %s read, LoggersFor = %d, want KeepLoggers", loggerLevelVariables[0], got)
	}
}
