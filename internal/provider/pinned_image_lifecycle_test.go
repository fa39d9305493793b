package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// Refresh observes, plan decides, apply writes. These tests drive the lifecycle through Terraform
// (terraform-plugin-testing) or one RPC at a time (protoServer), where a request log must be empty.

// A new pin is planned with id and class known and what only the registry can tell unknown, so
// the plan Terraform re-makes at apply can never disagree with a saved one.
func TestPinnedImageCreatePlansPinUnknown(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1.2.0", "v1")
	pinnedTest(t, resource.TestStep{
		Config: pinnedConfig("", reg.ref("acme/app:v1"), ""),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(pinned, plancheck.ResourceActionCreate),
			plancheck.ExpectKnownValue(pinned, tfjsonpath.New("id"), knownvalue.StringExact(reg.ref("acme/app:v1"))),
			plancheck.ExpectKnownValue(pinned, tfjsonpath.New("class"), knownvalue.StringExact("major")),
			plancheck.ExpectKnownValue(pinned, tfjsonpath.New("rebuild_reason"), knownvalue.StringExact("initial")),
			plancheck.ExpectUnknownValue(pinned, tfjsonpath.New("digest")),
			plancheck.ExpectUnknownValue(pinned, tfjsonpath.New("pinned_ref")),
			plancheck.ExpectUnknownValue(pinned, tfjsonpath.New("version")),
		}},
		ConfigStateChecks: append(pinnedState(&want, "initial", "1.2.0"),
			statecheck.ExpectKnownValue(pinned, tfjsonpath.New("current_digest"), digestIs(&want)),
			statecheck.ExpectKnownValue(pinned, tfjsonpath.New("current_version"), knownvalue.StringExact("1.2.0")),
			statecheck.ExpectKnownValue(pinned, tfjsonpath.New("pending_update"), knownvalue.Null())),
	})
}

// rebuild_on = ["major"] on latest with a patch move: the plan is empty, and after apply the
// state shows the held move in current_digest, current_version and pending_update = "patch".
func TestPinnedImageHeldUpdateIsPending(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/tools", "1.3.0", "latest")
	var moved string
	config := pinnedConfig("", reg.ref("acme/tools:latest"), `rebuild_on = ["major"]`)
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "1.3.0", kept()...)},
		resource.TestStep{
			PreConfig:        func() { moved = reg.build("acme/tools", "1.3.1", "latest") },
			Config:           config,
			ConfigPlanChecks: expectNoRebuild,
			ConfigStateChecks: append(pinnedState(&want, "initial", "1.3.0", kept()...),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("current_digest"), digestIs(&moved)),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("current_version"), knownvalue.StringExact("1.3.1")),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("pending_update"), knownvalue.StringExact("patch"))),
		},
	)
}

// The held move's warning names the kind and the version, on rebuild_on.
func TestPinnedImageHeldUpdateWarns(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/tools", "1.3.0", "latest")
	p := newProtoServer(t)
	p.configure(nil)
	ctx := context.Background()
	st, err := p.create(ctx, map[string]tftypes.Value{
		"image":      str(reg.ref("acme/tools:latest")),
		"rebuild_on": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("major")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	moved := reg.build("acme/tools", "1.3.1", "latest")
	p = newProtoServer(t) // the next command is a new provider process
	p.configure(nil)
	st, _, err = p.refresh(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	cfg := with(configOf(st.value), map[string]tftypes.Value{
		"rebuild_on": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("major")}),
	})
	planned, diags, err := p.planWith(ctx, st, cfg)
	if err != nil || hasErrors(diags) {
		t.Fatalf("plan: %v %s", err, diagText(diags))
	}
	if !planned.Equal(st.value) {
		t.Errorf("a held move changed the plan: %s", diffValues(st.value, planned))
	}
	warned := false
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == "Image Update Held By rebuild_on" {
			warned = strings.Contains(d.Detail, "a patch update") && strings.Contains(d.Detail, "1.3.1") && strings.Contains(d.Detail, moved)
			if !warned {
				t.Errorf("the warning should name the patch update to 1.3.1 (%s):\n%s", moved, d.Detail)
			}
		}
	}
	if !warned {
		t.Errorf("no held-update warning:\n%s", diagText(diags))
	}
}

// A plan makes no registry request for an existing pin: it decides from the observation in state
// (as with -refresh=false), here a patch move refresh saw earlier, and proposes the rebuild.
func TestPinnedImagePlanSendsNoRequest(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/app", "v1.0.0", "v1")
	ctx := context.Background()
	p := newProtoServer(t)
	p.configure(nil)
	st, err := p.create(ctx, map[string]tftypes.Value{"image": str(reg.ref("acme/app:v1"))})
	if err != nil {
		t.Fatal(err)
	}
	moved := reg.build("acme/app", "v1.0.1", "v1")
	p = newProtoServer(t) // the next command is a new provider process
	p.configure(nil)
	st, _, err = p.refresh(ctx, st)
	if err != nil {
		t.Fatal(err)
	}

	reg.ResetLog()
	next := newProtoServer(t) // a new provider process: nothing memoised
	next.configure(nil)
	planned, diags, err := next.planExisting(ctx, st)
	if err != nil || hasErrors(diags) {
		t.Fatalf("plan: %v %s", err, diagText(diags))
	}
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("plan sent %d requests to the registry, want none:\n%v", n, reg.Requests())
	}
	if got := strAttr(planned, "digest"); got != moved {
		t.Errorf("planned digest %s, want %s", got, moved)
	}
	if got := strAttr(planned, "rebuild_reason"); got != "patch" {
		t.Errorf("planned rebuild_reason %q, want patch", got)
	}
}

// Refresh with the registry down keeps the last observation and the pin, and succeeds; the plan
// then fails naming the registry, or with keep_pin warns and proposes nothing.
func TestPinnedImageRefreshCarriesRegistryError(t *testing.T) {
	for _, keepPin := range []bool{false, true} {
		t.Run(fmt.Sprintf("keep_pin=%v", keepPin), func(t *testing.T) {
			reg := newTestRegistry(t)
			reg.build("acme/app", "v1.0.0", "v1")
			ctx := context.Background()
			p := newProtoServer(t)
			cfg := map[string]tftypes.Value{"max_retries": tftypes.NewValue(tftypes.Number, 0)}
			if keepPin {
				cfg["on_registry_error"] = str("keep_pin")
			}
			p.configure(cfg)
			st, err := p.create(ctx, map[string]tftypes.Value{"image": str(reg.ref("acme/app:v1"))})
			if err != nil {
				t.Fatal(err)
			}
			reg.FailStatus("", "/manifests/", 503, 0)
			next := newProtoServer(t)
			next.configure(cfg)
			refreshed, diags, err := next.refresh(ctx, st)
			if err != nil || hasErrors(diags) {
				t.Fatalf("refresh failed on a registry error: %v %s", err, diagText(diags))
			}
			if !refreshed.value.Equal(st.value) {
				t.Errorf("a failed refresh changed the state: %s", diffValues(st.value, refreshed.value))
			}
			planned, diags, err := next.planExisting(ctx, refreshed)
			if err != nil {
				t.Fatal(err)
			}
			text := diagText(diags)
			if !strings.Contains(text, "Registry Unavailable") || !strings.Contains(text, reg.Host) {
				t.Errorf("the plan should report the registry %s as unavailable:\n%s", reg.Host, text)
			}
			switch {
			case keepPin && (hasErrors(diags) || !planned.Equal(st.value)):
				t.Errorf("keep_pin: want a warning and an empty plan, got:\n%s", text)
			case !keepPin && !hasErrors(diags):
				t.Errorf("a carried registry error must fail the plan:\n%s", text)
			}
		})
	}
}

// A platform pin refreshed where nothing moved costs one HEAD per pin and no GET; where the index
// moved (another platform rebuilt), one GET reads it, and the pin stays.
func TestPinnedImagePlatformRefreshReadsIndexOnlyWhenMoved(t *testing.T) {
	reg := newTestRegistry(t)
	const pins = 50
	amd := make([]v1.Image, pins)
	ctx := context.Background()
	p := newProtoServer(t)
	p.configure(nil)
	states := make([]pinState, pins)
	for i := range pins {
		amd[i] = reg.image("linux/amd64")
		tag := fmt.Sprintf("acme/node:%d-slim", i+1)
		reg.index(tag, map[string]v1.Image{"linux/amd64": amd[i], "linux/arm64/v8": reg.image("linux/arm64/v8")})
		var err error
		states[i], err = p.create(ctx, map[string]tftypes.Value{"image": str(reg.ref(tag)), "platform": str("linux/amd64")})
		if err != nil {
			t.Fatal(err)
		}
	}

	reg.ResetLog()
	next := newProtoServer(t)
	next.configure(nil)
	for i, st := range states {
		refreshed, diags, err := next.refresh(ctx, st)
		if err != nil || hasErrors(diags) {
			t.Fatalf("refresh %d: %v %s", i, err, diagText(diags))
		}
		if strAttr(refreshed.value, "current_digest") != imageDigest(t, amd[i]) {
			t.Errorf("pin %d: current_digest %s, want %s", i, strAttr(refreshed.value, "current_digest"), imageDigest(t, amd[i]))
		}
	}
	if got := reg.ManifestRequests("HEAD"); got != pins {
		t.Errorf("%d manifest HEADs for %d platform pins where nothing moved, want %d", got, pins, pins)
	}
	if got := reg.ManifestRequests("GET"); got != 0 {
		t.Errorf("%d manifest GETs for platform pins where nothing moved, want 0", got)
	}

	reg.index("acme/node:1-slim", map[string]v1.Image{"linux/amd64": amd[0], "linux/arm64/v8": reg.image("linux/arm64/v8")})
	reg.ResetLog()
	last := newProtoServer(t)
	last.configure(nil)
	refreshed, diags, err := last.refresh(ctx, states[0])
	if err != nil || hasErrors(diags) {
		t.Fatalf("refresh: %v %s", err, diagText(diags))
	}
	if got := reg.ManifestRequests("GET"); got != 1 {
		t.Errorf("%d manifest GETs after the index moved, want 1", got)
	}
	if got := strAttr(refreshed.value, "pending_update"); got != "" {
		t.Errorf("another platform rebuilt: pending_update %q, want null", got)
	}
}

// Import checks provider policy before any request, refuses a digest the registry does not hold,
// and takes a platform: `REF@sha256:…,linux/amd64` plans empty against a config with that platform.
func TestPinnedImageImportLifecycle(t *testing.T) {
	reg := newTestRegistry(t)
	amd := reg.image("linux/amd64")
	reg.index("acme/node:20-slim", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": reg.image("linux/arm64/v8")})
	platformConfig := pinnedConfig("", reg.ref("acme/node:20-slim"), `platform = "linux/amd64"`)
	var policyRequests int
	pinnedTest(t,
		resource.TestStep{
			PreConfig:     reg.ResetLog,
			Config:        pinnedConfig(`allowed_registries = ["registry.acme.internal:5000"]`, reg.ref("acme/node:20-slim"), ""),
			ResourceName:  pinned,
			ImportState:   true,
			ImportStateId: reg.ref("acme/node:20-slim@" + imageDigest(t, amd)),
			ExpectError:   regexp.MustCompile(`(?s)Image Policy Violation.*allowed_registries`),
		},
		resource.TestStep{
			PreConfig:     func() { policyRequests = len(reg.Requests()) },
			Config:        platformConfig,
			ResourceName:  pinned,
			ImportState:   true,
			ImportStateId: reg.ref("acme/node:20-slim@sha256:" + strings.Repeat("0", 64)),
			ExpectError:   regexp.MustCompile(`Pinned Digest Not Found`),
		},
		resource.TestStep{
			Config:             platformConfig,
			ResourceName:       pinned,
			ImportState:        true,
			ImportStateId:      reg.ref("acme/node:20-slim@"+imageDigest(t, amd)) + ",linux/amd64",
			ImportStatePersist: true,
		},
		resource.TestStep{
			Config:           platformConfig,
			ConfigPlanChecks: expectNoRebuild,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("digest"), knownvalue.StringExact(imageDigest(t, amd))),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("platform"), knownvalue.StringExact("linux/amd64")),
				// No more precise tag shares the digest, so the version is unknown, never the tag's own 20.
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("version"), knownvalue.Null()),
			},
		},
	)
	if policyRequests != 0 {
		t.Errorf("an import outside policy sent %d requests to the registry, want none", policyRequests)
	}
}

// State written by release 0.1 (schema version 0) upgrades in place: the pin keeps its digest,
// nothing counts as observed, and the plan is empty (also before any refresh).
func TestPinnedImageUpgradeFromV0(t *testing.T) {
	reg := newTestRegistry(t)
	digest := reg.build("acme/platform/golang", "v1.3.1", "v1.3")
	image := reg.ref("acme/platform/golang:v1.3")
	// Exactly the attributes 0.1 wrote (internal/e2e/testdata/state_v0.tfstate is one such state).
	v0 := map[string]any{
		"class": "minor", "digest": digest, "id": image, "image": image, "pinned_at": "2026-11-27T23:39:26Z",
		"pinned_ref": image + "@" + digest, "platform": nil, "previous_digest": nil,
		"rebuild_on": []string{"major", "minor", "patch", "rebuild", "rollback"}, "rebuild_reason": "initial",
		"template": "go-development", "triggers": nil, "version": "1.3.1",
	}
	raw, err := json.Marshal(v0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p := newProtoServer(t)
	p.configure(nil)
	s := p.pinnedSchema()
	if s.Version != 1 {
		t.Fatalf("schema version %d, want 1", s.Version)
	}
	resp, err := p.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: pinnedType, Version: 0, RawState: &tfprotov6.RawState{JSON: raw},
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("upgrade: %v %s", err, diagText(resp.Diagnostics))
	}
	upgraded, err := resp.UpgradedState.Unmarshal(s.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"digest": digest, "pinned_ref": image + "@" + digest, "version": "1.3.1", "current_digest": "", "pending_update": ""} {
		if got := strAttr(upgraded, k); got != want {
			t.Errorf("upgraded %s = %q, want %q", k, got, want)
		}
	}
	st := pinState{value: upgraded}
	reg.ResetLog()
	planned, diags, err := p.planExisting(ctx, st) // -refresh=false
	if err != nil || hasErrors(diags) || !planned.Equal(upgraded) {
		t.Fatalf("plan without refresh after the upgrade: %v %s %s", err, diagText(diags), diffValues(upgraded, planned))
	}
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("plan without refresh sent %d requests", n)
	}
	refreshed, diags, err := p.refresh(ctx, st)
	if err != nil || hasErrors(diags) {
		t.Fatalf("refresh: %v %s", err, diagText(diags))
	}
	planned, diags, err = p.planExisting(ctx, refreshed)
	if err != nil || hasErrors(diags) || !planned.Equal(refreshed.value) {
		t.Fatalf("plan after the upgrade: %v %s %s", err, diagText(diags), diffValues(refreshed.value, planned))
	}
	if got := strAttr(refreshed.value, "current_digest"); got != digest {
		t.Errorf("refreshed current_digest %s, want %s", got, digest)
	}
}

// Unknown provider configuration is an error on the attribute at fault that says why it must be
// known, never a framework conversion error.
func TestProviderUnknownConfigNamesAttribute(t *testing.T) {
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	p := newProtoServer(t)
	typ := p.schemas.Provider.ValueType().(tftypes.Object)
	authType := typ.AttributeTypes["registry_auth"].(tftypes.List).ElementType.(tftypes.Object)
	auth := func(password tftypes.Value) tftypes.Value {
		return tftypes.NewValue(authType, map[string]tftypes.Value{
			"address": str("registry.acme.internal:5000"), "username": str("ci"),
			"password": password, "config_file": tftypes.NewValue(tftypes.String, nil),
		})
	}
	for _, tc := range []struct {
		name  string
		attrs map[string]tftypes.Value
		path  string
	}{
		{"list element", map[string]tftypes.Value{
			"allowed_registries": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("ghcr.io"), unknown}),
		}, "allowed_registries[1]"},
		{"password from another resource", map[string]tftypes.Value{
			"registry_auth": tftypes.NewValue(typ.AttributeTypes["registry_auth"], []tftypes.Value{auth(unknown)}),
		}, "registry_auth[0].password"},
		{"dynamic block", map[string]tftypes.Value{
			"registry_auth": tftypes.NewValue(typ.AttributeTypes["registry_auth"], tftypes.UnknownValue),
		}, "registry_auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := p.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
				TerraformVersion: "1.8.5",
				Config:           dynamic(t, p.schemas.Provider, value(p.schemas.Provider, tc.attrs)),
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Diagnostics) != 1 {
				t.Fatalf("want one diagnostic, got:\n%s", diagText(resp.Diagnostics))
			}
			d := resp.Diagnostics[0]
			if d.Summary != "Provider Configuration Not Yet Known" || !strings.HasPrefix(d.Detail, tc.path+" ") || !strings.Contains(d.Detail, "before it sends any request") {
				t.Errorf("diagnostic %q: %s", d.Summary, d.Detail)
			}
			if d.Attribute == nil || len(d.Attribute.Steps()) == 0 || d.Attribute.Steps()[0] != tftypes.AttributeName(strings.Split(tc.path, "[")[0]) {
				t.Errorf("diagnostic not on %s: %v", tc.path, d.Attribute)
			}
			for _, r := range []*tfprotov6.ValidateProviderConfigResponse{p.validateProvider(t, tc.attrs)} {
				if hasErrors(r.Diagnostics) {
					t.Errorf("validate failed on an unknown value: %s", diagText(r.Diagnostics))
				}
			}
		})
	}
}

func (p *protoServer) validateProvider(t *testing.T, attrs map[string]tftypes.Value) *tfprotov6.ValidateProviderConfigResponse {
	t.Helper()
	resp, err := p.ValidateProviderConfig(context.Background(), &tfprotov6.ValidateProviderConfigRequest{
		Config: dynamic(t, p.schemas.Provider, value(p.schemas.Provider, attrs)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// Refresh and plan each log one DEBUG line per pin: the reference, what refresh observed, the
// decision and its reason (a held kind included), and never a credential.
func TestPinnedImageLogsDecisionWithoutCredentials(t *testing.T) {
	const password = "log-s3cret-pw"
	reg := newTestRegistry(t, registrytest.WithBearerAuth("ci", password))
	reg.build("acme/tools", "1.3.0", "latest")
	rebuildOnMajor := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("major")})
	providerCfg := func(p *protoServer) map[string]tftypes.Value {
		typ := p.schemas.Provider.ValueType().(tftypes.Object).AttributeTypes["registry_auth"].(tftypes.List)
		return map[string]tftypes.Value{"registry_auth": tftypes.NewValue(typ, []tftypes.Value{
			tftypes.NewValue(typ.ElementType, map[string]tftypes.Value{
				"address": str(reg.Host), "username": str("ci"), "password": str(password),
				"config_file": tftypes.NewValue(tftypes.String, nil),
			}),
		})}
	}
	p := newProtoServer(t)
	p.configure(providerCfg(p))
	st, err := p.create(context.Background(), map[string]tftypes.Value{"image": str(reg.ref("acme/tools:latest")), "rebuild_on": rebuildOnMajor})
	if err != nil {
		t.Fatal(err)
	}
	reg.build("acme/tools", "1.3.1", "latest")

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	next := newProtoServer(t)
	next.configure(providerCfg(next))
	st, diags, err := next.refresh(ctx, st)
	if err != nil || hasErrors(diags) {
		t.Fatalf("refresh: %v %s", err, diagText(diags))
	}
	if _, diags, err := next.planWith(ctx, st, with(configOf(st.value), map[string]tftypes.Value{"rebuild_on": rebuildOnMajor})); err != nil || hasErrors(diags) {
		t.Fatalf("plan: %v %s", err, diagText(diags))
	}
	if strings.Contains(logs.String(), password) {
		t.Errorf("the logs contain the password:\n%s", logs.String())
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[string]any{}
	for _, e := range entries {
		if msg, _ := e["@message"].(string); strings.HasPrefix(msg, "tagpolicy_pinned_image ") && e["@level"] == "debug" {
			seen[msg] = e
		}
	}
	refresh, plan := seen["tagpolicy_pinned_image refresh"], seen["tagpolicy_pinned_image plan"]
	if refresh == nil || plan == nil {
		t.Fatalf("want a DEBUG line from refresh and from plan, got %v", seen)
	}
	if refresh["reference"] != reg.ref("acme/tools:latest") || refresh["observed_version"] != "1.3.1" || refresh["pending_update"] != "patch" {
		t.Errorf("refresh line: %v", refresh)
	}
	if plan["decision"] != "hold" || !strings.Contains(fmt.Sprint(plan["reason"]), "patch") || plan["observed_version"] != "1.3.1" {
		t.Errorf("plan line: %v", plan)
	}
}

// An image only known at apply (the output of another resource) is resolved by Create, and its
// policy checked there before any request.
func TestPinnedImageImageKnownAtApply(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v2.0.0", "v2")
	config := func(image string) string {
		return fmt.Sprintf(`
provider "tagpolicy" {
  allowed_registries = [%q]
}

resource "terraform_data" "image" {
  input = %q
}

resource "tagpolicy_pinned_image" "ws" {
  image = terraform_data.image.output
}
`, reg.Host, image)
	}
	pinnedTest(t,
		resource.TestStep{
			Config: config(reg.ref("acme/app:v2")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(pinned, tfjsonpath.New("digest")),
			}},
			ConfigStateChecks: append(pinnedState(&want, "initial", "2.0.0"),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("current_digest"), digestIs(&want))),
		},
		resource.TestStep{
			PreConfig:   reg.ResetLog,
			Config:      config("registry.acme.internal:5000/acme/app:v2"),
			ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*allowed_registries`),
		},
	)
}
