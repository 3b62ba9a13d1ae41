package protocolserver

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
)

// Requests made one at a time all run on a stream worker.
func TestServeAnswersOnStreamWorkers(t *testing.T) {
	t.Parallel()
	server := &recordingServer{ProviderServer: frameworkServer()}
	conn := serveForTest(t, server)
	const requests = 5
	for range requests {
		if err := getProviderSchema(t.Context(), conn); err != nil {
			t.Fatal(err)
		}
	}
	if got := server.onWorkers(); got != requests {
		t.Errorf("%d of %d requests ran on a stream worker, want all", got, requests)
	}
}

// More requests at once than there are workers are all answered: those
// that find no worker free get a goroutine of their own.
func TestServeAnswersMoreRequestsAtOnceThanWorkers(t *testing.T) {
	t.Parallel()
	const requests = 2 * streamWorkers
	server := &recordingServer{ProviderServer: frameworkServer(), held: newBarrier(requests)}
	conn := serveForTest(t, server)
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			if err := getProviderSchema(t.Context(), conn); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := server.arrived(); got != requests {
		t.Fatalf("%d requests arrived, want %d", got, requests)
	}
	if got := server.onWorkers(); got < 1 || got > streamWorkers {
		t.Errorf("%d of %d requests held at once ran on a stream worker, want 1 to %d", got, requests, streamWorkers)
	}
}

// recordingServer records, of every GetProviderSchema it answers, whether a
// stream worker ran it. With held set, each waits until all have arrived.
type recordingServer struct {
	tfprotov6.ProviderServer
	held *barrier

	mu       sync.Mutex
	onWorker []bool
}

func (s *recordingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	stack := make([]byte, 64<<10)
	stack = stack[:runtime.Stack(stack, false)]
	s.mu.Lock()
	s.onWorker = append(s.onWorker, strings.Contains(string(stack), "grpc.(*Server).serverWorker"))
	s.mu.Unlock()
	if s.held != nil {
		if err := s.held.wait(ctx); err != nil {
			return nil, err
		}
	}
	return s.ProviderServer.GetProviderSchema(ctx, req)
}

func (s *recordingServer) arrived() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.onWorker)
}

func (s *recordingServer) onWorkers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range s.onWorker {
		if w {
			n++
		}
	}
	return n
}

// barrier lets its waiters go once n of them wait.
type barrier struct {
	mu      sync.Mutex
	waiting int
	n       int
	all     chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, all: make(chan struct{})} }

func (b *barrier) wait(ctx context.Context) error {
	b.mu.Lock()
	b.waiting++
	if b.waiting == b.n {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		return fmt.Errorf("only %d of %d requests arrived together: %w", b.waiting, b.n, ctx.Err())
	}
}

// serveForTest serves server with serveConfig, in go-plugin's test mode,
// and returns a gRPC connection to it.
func serveForTest(t *testing.T, server tfprotov6.ProviderServer) *grpc.ClientConn {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	config := serveConfig(providername.RegistryAddress, func() tfprotov6.ProviderServer { return server })
	config.Test = &plugin.ServeTestConfig{Context: ctx, ReattachConfigCh: reattach, CloseCh: closed}
	go plugin.Serve(config)
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case <-time.After(10 * time.Second):
		t.Fatal("the provider did not start serving")
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  config.HandshakeConfig,
		Plugins:          plugin.PluginSet{"provider": connPlugin{}},
		Reattach:         rc,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rpc.Dispense("provider")
	if err != nil {
		t.Fatal(err)
	}
	return raw.(*grpc.ClientConn) //nolint:forcetypeassert // connPlugin dispenses nothing else
}

// connPlugin dispenses the client's gRPC connection itself.
type connPlugin struct{ plugin.NetRPCUnsupportedPlugin }

func (connPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return errors.New("client only")
}

func (connPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return conn, nil
}

// getProviderSchema calls GetProviderSchema as Terraform does, with the
// protocol's messages from the registry that terraform-plugin-go fills,
// and checks that the answer names the provider's resource.
func getProviderSchema(ctx context.Context, conn *grpc.ClientConn) error {
	req, err := protocolMessage("tfplugin6.GetProviderSchema.Request")
	if err != nil {
		return err
	}
	resp, err := protocolMessage("tfplugin6.GetProviderSchema.Response")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := conn.Invoke(ctx, "/tfplugin6.Provider/GetProviderSchema", req, resp); err != nil {
		return err
	}
	m := resp.ProtoReflect()
	schemas := m.Get(m.Descriptor().Fields().ByName("resource_schemas")).Map()
	if !schemas.Has(protoreflect.ValueOfString(resourceType).MapKey()) {
		return fmt.Errorf("GetProviderSchema answered without %s", resourceType)
	}
	return nil
}

func protocolMessage(name protoreflect.FullName) (proto.Message, error) {
	typ, err := protoregistry.GlobalTypes.FindMessageByName(name)
	if err != nil {
		return nil, err
	}
	return typ.New().Interface(), nil
}
