package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// protoServer drives the provider over the plugin protocol, as Terraform does, without a CLI:
// for checks that need one provider process seen from many concurrent calls, or one exact RPC
// (ValidateResourceConfig is what `terraform validate` sends).
type protoServer struct {
	t *testing.T
	tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newProtoServer(t *testing.T) *protoServer {
	t.Helper()
	s := providerserver.NewProtocol6(New("test")())()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	return &protoServer{t: t, ProviderServer: s, schemas: schemas}
}

// value builds an object of the schema's type: the given attributes, every other one null.
func value(s *tfprotov6.Schema, attrs map[string]tftypes.Value) tftypes.Value {
	typ := s.ValueType().(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			all[name] = v
			continue
		}
		all[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(typ, all)
}

func dynamic(t *testing.T, s *tfprotov6.Schema, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(s.ValueType(), v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func (p *protoServer) configure(attrs map[string]tftypes.Value) {
	p.t.Helper()
	resp, err := p.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.8.5",
		Config:           dynamic(p.t, p.schemas.Provider, value(p.schemas.Provider, attrs)),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		p.t.Fatalf("ConfigureProvider: %v %v", err, diagText(resp.Diagnostics))
	}
}

func (p *protoServer) validateResource(typeName string, attrs map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	p.t.Helper()
	s := p.schemas.ResourceSchemas[typeName]
	resp, err := p.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: dynamic(p.t, s, value(s, attrs)),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (p *protoServer) validateDataSource(typeName string, attrs map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	p.t.Helper()
	s := p.schemas.DataSourceSchemas[typeName]
	resp, err := p.ValidateDataResourceConfig(context.Background(), &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: typeName, Config: dynamic(p.t, s, value(s, attrs)),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// planCreate plans a new resource from config, as `terraform plan` does for one not in state.
func (p *protoServer) planCreate(ctx context.Context, typeName string, attrs map[string]tftypes.Value) (*tfprotov6.PlanResourceChangeResponse, error) {
	s := p.schemas.ResourceSchemas[typeName]
	cfg := value(s, attrs)
	prior := tftypes.NewValue(s.ValueType(), nil)
	return p.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       dynamic(p.t, s, prior),
		ProposedNewState: dynamic(p.t, s, cfg),
		Config:           dynamic(p.t, s, cfg),
	})
}

func (p *protoServer) readData(ctx context.Context, typeName string, attrs map[string]tftypes.Value) (*tfprotov6.ReadDataSourceResponse, error) {
	s := p.schemas.DataSourceSchemas[typeName]
	return p.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamic(p.t, s, value(s, attrs))})
}

func hasErrors(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	out := ""
	for _, d := range diags {
		out += d.Summary + ": " + d.Detail + "\n"
	}
	return out
}
