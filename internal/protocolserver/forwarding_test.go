package protocolserver

import (
	"context"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestServerForwardsEveryRPC fails when the framework's server has an RPC,
// a method taking a context and a request, that the wrapper does not offer
// with the same signature: a new optional RPC of the framework would
// otherwise be hidden from terraform-plugin-go, which finds optional RPCs
// by type assertion.
func TestServerForwardsEveryRPC(t *testing.T) {
	t.Parallel()
	framework := reflect.TypeOf(frameworkServer())
	wrapped := reflect.TypeOf(New(frameworkServer(), KeepLoggers))
	ctxType := reflect.TypeFor[context.Context]()
	rpcs := 0
	for m := range framework.Methods() {
		if m.Type.NumIn() != 3 || m.Type.In(1) != ctxType {
			continue // not an RPC: the receiver, a context and a request
		}
		rpcs++
		got, ok := wrapped.MethodByName(m.Name)
		switch {
		case !ok:
			t.Errorf("the framework's server has the RPC %s, which the wrapper hides", m.Name)
		case got.Type.String() != strings.Replace(m.Type.String(), framework.String(), wrapped.String(), 1):
			t.Errorf("the wrapper's %s is %s, the framework's %s", m.Name, got.Type, m.Type)
		}
	}
	if rpcs < 20 {
		t.Errorf("found %d RPCs on the framework's server %s, want the 20 or more of tfprotov6.ProviderServer", rpcs, framework)
	}
}

// TestServerImplementsTheFrameworksInterfaces reads the interfaces that
// terraform-plugin-go's tfprotov6 package declares, and checks that the
// wrapper implements each that the framework's server implements.
func TestServerImplementsTheFrameworksInterfaces(t *testing.T) {
	t.Parallel()
	interfaces := tfprotov6Interfaces(t)
	framework := reflect.TypeOf(frameworkServer())
	wrapped := reflect.TypeOf(New(frameworkServer(), KeepLoggers))
	implemented := 0
	for name, methods := range interfaces {
		if !hasMethods(framework, methods) {
			continue
		}
		implemented++
		if !hasMethods(wrapped, methods) {
			t.Errorf("the framework's server implements tfprotov6.%s, the wrapper does not", name)
		}
	}
	// ProviderServer, its five parts, the optional list resource, action
	// and state store servers, and the three ProviderServerWith interfaces.
	if implemented < 11 {
		t.Errorf("the framework's server implements %d interfaces of tfprotov6, want at least 11", implemented)
	}
}

func hasMethods(typ reflect.Type, methods []string) bool {
	for _, m := range methods {
		if _, ok := typ.MethodByName(m); !ok {
			return false
		}
	}
	return true
}

// tfprotov6Interfaces maps each interface type of the tfprotov6 package
// whose name has Server in it to its methods, embedded interfaces resolved.
func tfprotov6Interfaces(t *testing.T) map[string][]string {
	t.Helper()
	pkg := reflect.TypeFor[tfprotov6.ProviderServer]().PkgPath()
	found, err := build.Import(pkg, ".", build.FindOnly)
	if err != nil {
		t.Fatalf("finding %s: %v", pkg, err)
	}
	found, err = build.Import(pkg, found.Dir, 0)
	if err != nil {
		t.Fatalf("listing the files of %s: %v", pkg, err)
	}
	fset := token.NewFileSet()
	declared := map[string]*ast.InterfaceType{}
	for _, name := range found.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(found.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parsing %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && strings.Contains(ts.Name.Name, "Server") {
				if it, ok := ts.Type.(*ast.InterfaceType); ok {
					declared[ts.Name.Name] = it
				}
			}
			return true
		})
	}
	var methodsOf func(name string) []string
	methodsOf = func(name string) []string {
		var methods []string
		for _, f := range declared[name].Methods.List {
			if len(f.Names) > 0 {
				methods = append(methods, f.Names[0].Name)
			} else if id, ok := f.Type.(*ast.Ident); ok {
				methods = append(methods, methodsOf(id.Name)...)
			}
		}
		return methods
	}
	interfaces := map[string][]string{}
	for name := range declared {
		interfaces[name] = methodsOf(name)
	}
	if !slices.Contains(interfaces["ProviderServer"], "ReadResource") {
		t.Fatalf("the interfaces read from %s lack ProviderServer.ReadResource: %v", found.Dir, interfaces)
	}
	return interfaces
}
