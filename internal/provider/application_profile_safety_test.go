package provider

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// These tests hold the resource to the rule that apply deletes only what
// the reviewed plan named, with the mock's store as the evidence.

const deletionWarning = "Apply will delete an association that Terraform cannot recreate"

// expectProfiles checks that the mock holds exactly ids on the application
// instance under test, in order, and that it served deletes delete requests.
func expectProfiles(mock *testMock, deletes int64, ids ...string) error {
	var got []string
	for _, p := range mock.Profiles(testInstanceID, testApplicationID) {
		got = append(got, p.ProfileID)
	}
	if !slices.Equal(got, ids) {
		return fmt.Errorf("the mock holds %q, want %q", got, ids)
	}
	if n := mock.Stats().DeleteProfile; n != deletes {
		return fmt.Errorf("the mock served %d delete requests, want %d", n, deletes)
	}
	return nil
}

func TestAccApplicationProfileResource_replacementToMissingProfileFailsAtPlan(t *testing.T) {
	const adopted, typo = "p-00000000000000a1", "p-00000000000000a7"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: adopted}, mockapi.Profile{ProfileID: "p-00000000000000a2"}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, adopted, "p-00000000000000a2"),
		Steps: []resource.TestStep{
			{Config: profileConfig(mock, adopted)},
			{
				// A typo in profile_id: the plan fails, naming both
				// associations, and apply never deletes the adopted one.
				Config: profileConfig(mock, typo),
				ExpectError: errorMatching("Replacement application profile does not exist",
					"Replacing association "+profileStateID(adopted)+" with "+profileStateID(typo),
					"has no association "+typo),
			},
			{
				PreConfig: func() {
					if err := expectProfiles(mock, 0, adopted, "p-00000000000000a2"); err != nil {
						t.Errorf("after the failed plan: %v", err)
					}
				},
				Config:   profileConfig(mock, adopted),
				PlanOnly: true,
			},
		},
	})
}

// An application instance that does not exist, mistyped or deleted, is
// named as such, on application_instance_id, at the apply of an adoption and
// in the plan of a replacement, which fails and deletes nothing. The plan
// that terraform destroy makes first fails too, and says how to destroy
// anyway: with -refresh=false, which deletes the association in state and
// nothing else.
func TestAccApplicationProfileResource_missingApplicationInstance(t *testing.T) {
	const adopted, missingApp = "p-00000000000000a1", "app-ins-00000000000000ff"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: adopted}, mockapi.Profile{ProfileID: "p-00000000000000a2"}))
	elsewhere := mock.providerConfig() + profileResource("test", missingApp, adopted)
	notFound := []string{"application instance " + missingApp + " of Identity Center instance " + testInstanceID +
		" does not exist", "Check instance_id and application_instance_id"}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, adopted, "p-00000000000000a2"),
		Steps: []resource.TestStep{
			{Config: elsewhere, ExpectError: errorMatching(append([]string{"Application instance not found"}, notFound...)...)},
			{Config: profileConfig(mock, adopted)},
			{
				Config: elsewhere,
				ExpectError: errorMatching(append([]string{"Replacement application instance does not exist",
					"Replacing association " + profileStateID(adopted)}, append(notFound, "terraform destroy with -refresh=false", "-target with this resource's address")...)...),
			},
			{
				PreConfig: func() {
					if err := expectProfiles(mock, 0, adopted, "p-00000000000000a2"); err != nil {
						t.Errorf("after the failed plan: %v", err)
					}
				},
				Config:   profileConfig(mock, adopted),
				PlanOnly: true,
			},
		},
	})

	// terraform destroy of a configuration edited to the missing application
	// instance: its first plan fails and deletes nothing; with
	// -refresh=false the adopted association alone is deleted.
	w := newCLIWorkdir(t, map[string]string{"main.tf": profileConfig(mock, "p-00000000000000a2")})
	w.mustRun("apply", "-auto-approve")
	w.write("main.tf", mock.providerConfig()+profileResource("test", missingApp, "p-00000000000000a2"))
	if out, code := w.run("destroy", "-auto-approve"); code == 0 || !strings.Contains(oneLine(out), "terraform destroy with -refresh=false") {
		t.Errorf("terraform destroy exited with %d, want a failure that names -refresh=false:\n%s", code, out)
	}
	if err := expectProfiles(mock, 1, "p-00000000000000a2"); err != nil {
		t.Errorf("after the failed destroy: %v", err)
	}
	w.mustRun("destroy", "-auto-approve", "-refresh=false")
	if err := expectProfiles(mock, 2); err != nil {
		t.Errorf("after terraform destroy -refresh=false: %v", err)
	}
}

// A replacement asked for with -replace or replace_triggered_by deletes the
// association and then adopts the same one, which is gone by then:
// Terraform deletes first, or, with create_before_destroy, deletes what it
// has just adopted. Either way the association would be lost, so the plan
// fails and nothing is deleted.
func TestAccApplicationProfileResource_replacementByItselfFailsAtPlan(t *testing.T) {
	t.Parallel()
	const trigger = `
variable "trigger" {
  default = "1"
}

resource "terraform_data" "trigger" {
  input = var.trigger
}
`
	replaceFlag := "-replace=" + profileAddress
	for name, tc := range map[string]struct {
		lifecycle string
		args      []string
	}{
		"-replace":                        {args: []string{replaceFlag}},
		"-replace, create_before_destroy": {lifecycle: "create_before_destroy = true", args: []string{replaceFlag}},
		"replace_triggered_by":            {lifecycle: "replace_triggered_by = [terraform_data.trigger]", args: []string{"-var=trigger=2"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			const adopted, other = "p-00000000000000a1", "p-00000000000000a2"
			mock := newTestMock(t, seedOf(profilesOf(adopted, other)...))
			w := newCLIWorkdir(t, map[string]string{"main.tf": mock.providerConfig() + trigger +
				profileBlock(adopted, "  lifecycle {\n    "+tc.lifecycle+"\n  }")})
			w.mustRun("apply", "-input=false", "-auto-approve")

			for _, command := range [][]string{{"plan", "-input=false"}, {"apply", "-input=false", "-auto-approve"}} {
				command = append(command, tc.args...)
				out, code := w.run(command...)
				if code == 0 {
					t.Fatalf("terraform %s succeeded:\n%s", strings.Join(command, " "), out)
				}
				expectSaid(t, out, "Error: Replacement would delete the association it adopts", profileStateID(adopted))
			}
			if err := expectProfiles(mock, 0, adopted, other); err != nil {
				t.Error(err)
			}
			// Without the replacement, nothing is to be done.
			w.expectNoChanges()
		})
	}
}

// What marks a replacement lives only in a plan: an in-place update (here
// of the timeouts) must not leave it in state, where an association that
// then disappears would pass it on to the plan that adopts it again. A
// refresh that finds the association gone drops it too, for a state that
// has it all the same.
func TestAccApplicationProfileResource_driftAfterUpdateIsNoReplacement(t *testing.T) {
	t.Parallel()
	const adopted = "p-00000000000000a1"
	mock := newTestMock(t, seedOf(profilesOf(adopted)...))
	w := newCLIWorkdir(t, map[string]string{"main.tf": mock.providerConfig() + profileBlock(adopted)})
	w.mustRun("apply", "-input=false", "-auto-approve")
	w.write("main.tf", mock.providerConfig()+profileBlock(adopted, "  timeouts {\n    read = \"2m\"\n  }"))
	expectSaid(t, w.mustRun("apply", "-input=false", "-auto-approve"), "1 changed")
	if private := statePrivate(t, w); strings.Contains(private, plannedAssociationKey) {
		t.Errorf("the update left %s in state: %s", plannedAssociationKey, private)
	}

	setStatePrivate(t, w, fmt.Sprintf(`{%q:%q}`, plannedAssociationKey,
		base64.StdEncoding.EncodeToString(privateString(profileStateID(adopted)))))
	mock.RemoveProfile(testInstanceID, testApplicationID, adopted)
	out, code := w.run("plan", "-input=false", "-detailed-exitcode")
	if code != 2 {
		t.Fatalf("plan after the association disappeared exited with %d, want 2:\n%s", code, out)
	}
	expectSaid(t, out, "Warning: Application profile does not exist: apply will fail", "will be created")
}

// statePrivate is the private data of the one resource instance in the
// working directory's state.
func statePrivate(t *testing.T, w *cliWorkdir) string {
	t.Helper()
	st := readState(t, w)
	encoded, _ := stateInstance(t, st)["private"].(string)
	private, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		t.Fatal(err)
	}
	return string(private)
}

// setStatePrivate writes private as the private data of the one resource
// instance in the working directory's state.
func setStatePrivate(t *testing.T, w *cliWorkdir, private string) {
	t.Helper()
	st := readState(t, w)
	stateInstance(t, st)["private"] = base64.StdEncoding.EncodeToString([]byte(private))
	out, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	w.write("terraform.tfstate", string(out))
}

func readState(t *testing.T, w *cliWorkdir) map[string]any {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal([]byte(w.read("terraform.tfstate")), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func stateInstance(t *testing.T, st map[string]any) map[string]any {
	t.Helper()
	resources, _ := st["resources"].([]any)
	if len(resources) != 1 {
		t.Fatalf("state has %d resources, want 1", len(resources))
	}
	instances, _ := resources[0].(map[string]any)["instances"].([]any)
	if len(instances) != 1 {
		t.Fatalf("state has %d instances, want 1", len(instances))
	}
	instance, _ := instances[0].(map[string]any)
	if _, ok := instance["private"].(string); !ok {
		instance["private"] = ""
	}
	return instance
}

// profilesForEach adopts one association per key of ids.
func profilesForEach(mock *testMock, ids map[string]string) string {
	return providerBlock(mock.URL, testAccessKey, testSecretKey) + fmt.Sprintf(`
resource "identitycenter_application_profile" "team" {
  for_each                = %s
  instance_id             = %q
  application_instance_id = %q
  profile_id              = each.value
}
`, hclMap(ids), testInstanceID, testApplicationID)
}

// adoptAliceAndBob seeds a mock with ids and applies a for_each that adopts
// the first two, under the keys alice and bob.
func adoptAliceAndBob(t *testing.T, ids ...string) (*testMock, *cliWorkdir) {
	t.Helper()
	mock := newTestMock(t, seedOf(profilesOf(ids...)...))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + profilesForEach(mock, map[string]string{"alice": ids[0], "bob": ids[1]})})
	w.mustRun("apply", "-input=false", "-auto-approve")
	return mock, w
}

// profilesCount adopts one association per element of ids, by index.
func profilesCount(mock *testMock, ids ...string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return providerBlock(mock.URL, testAccessKey, testSecretKey) + fmt.Sprintf(`
locals {
  profile_ids = [%s]
}

resource "identitycenter_application_profile" "team" {
  count                   = length(local.profile_ids)
  instance_id             = %q
  application_instance_id = %q
  profile_id              = local.profile_ids[count.index]
}
`, strings.Join(quoted, ", "), testInstanceID, testApplicationID)
}

// expectDeletionWarnings checks that a -json plan warns once for each of
// ids, naming it, and for nothing else.
func expectDeletionWarnings(t *testing.T, jsonPlan string, ids ...string) {
	t.Helper()
	var named []string
	for _, d := range diagnosticsOf(t, jsonPlan) {
		if d.Summary != deletionWarning {
			continue
		}
		if d.Severity != "warning" {
			t.Errorf("%q is a %s, want a warning", d.Summary, d.Severity)
		}
		for _, want := range []string{"cannot create associations", "moved block", "removed block with lifecycle { destroy = false }", "terraform state rm"} {
			if !strings.Contains(d.Detail, want) {
				t.Errorf("the warning on %s does not say %q: %s", d.Address, want, d.Detail)
			}
		}
		for _, p := range []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"} {
			if strings.Contains(d.Detail, profileStateID(p)) {
				named = append(named, p)
			}
		}
	}
	slices.Sort(named)
	if !slices.Equal(named, ids) {
		t.Errorf("the plan's deletion warnings name %q, want %q:\n%s", named, ids, jsonPlan)
	}
}

// expectDeletedAndAdopted runs a plan, which must warn that it deletes the
// association id and adopts it again, and checks that nothing was deleted.
func expectDeletedAndAdopted(t *testing.T, w *cliWorkdir, mock *testMock, id string) {
	t.Helper()
	jsonPlan := w.mustRun("plan", "-input=false", "-json")
	named := false
	for _, d := range diagnosticsOf(t, jsonPlan) {
		if d.Summary == "Association deleted and adopted in one plan" && d.Severity == "warning" &&
			strings.Contains(d.Detail, "This plan deletes association "+profileStateID(id)+" and adopts it again") &&
			strings.Contains(d.Detail, "moved block") {
			named = true
		}
	}
	if !named {
		t.Errorf("the plan does not warn that it deletes and adopts %s:\n%s", id, jsonPlan)
	}
	if n := mock.Stats().DeleteProfile; n != 0 {
		t.Errorf("%d delete requests", n)
	}
}

// Renaming a for_each key plans the deletion of the association at the old
// key and its adoption at the new one, which would fail once it is gone:
// the plan says so, and the moved block it suggests plans nothing at all.
func TestAccApplicationProfileResource_forEachRenameWarnsAtPlan(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"}
	mock, w := adoptAliceAndBob(t, ids...)

	renamed := map[string]string{"alice": ids[0], "robert": ids[1]}
	w.write("main.tf", requiredProviders()+profilesForEach(mock, renamed))
	expectDeletedAndAdopted(t, w, mock, ids[1])
	expectDeletionWarnings(t, w.mustRun("plan", "-input=false", "-json"), ids[1])

	w.write("main.tf", requiredProviders()+profilesForEach(mock, renamed)+`
moved {
  from = identitycenter_application_profile.team["bob"]
  to   = identitycenter_application_profile.team["robert"]
}
`)
	expectKept(t, w, mock, "Plan: 0 to add, 0 to change, 0 to destroy.", ids...)
}

// expectKept runs a plan, which must say summary and warn of no deletion,
// applies it, and checks that the store holds ids and had no delete.
func expectKept(t *testing.T, w *cliWorkdir, mock *testMock, summary string, ids ...string) {
	t.Helper()
	if out := w.mustRun("plan", "-input=false"); strings.Contains(out, deletionWarning) || !strings.Contains(out, summary) {
		t.Errorf("the plan does not say %q, or warns of a deletion:\n%s", summary, out)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if err := expectProfiles(mock, 0, ids...); err != nil {
		t.Error(err)
	}
}

// Removing an element from the middle of a list that count follows shifts
// the next one to its index: the plan deletes it at its old index and adopts
// it at the new one, and says so. Removing the last elements only deletes,
// with one warning for each, folded into one in the human plan.
func TestAccApplicationProfileResource_countShiftWarnsAtPlan(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"}
	mock := newTestMock(t, seedOf(profilesOf(ids...)...))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + profilesCount(mock, ids...)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", requiredProviders()+profilesCount(mock, ids[0], ids[2]))
	expectDeletedAndAdopted(t, w, mock, ids[2])
	expectDeletionWarnings(t, w.mustRun("plan", "-input=false", "-json"), ids[1], ids[2])

	w.write("main.tf", requiredProviders()+profilesCount(mock, ids[0]))
	expectDeletionWarnings(t, w.mustRun("plan", "-input=false", "-json"), ids[1], ids[2])
	if human := w.mustRun("plan", "-input=false"); !strings.Contains(human, "Warning: "+deletionWarning) ||
		!strings.Contains(human, "(and one more similar warning elsewhere)") {
		t.Errorf("the plan does not show the folded deletion warning:\n%s", human)
	}
}

// Two resources that swap their associations each plan to adopt what the
// other deletes.
func TestAccApplicationProfileResource_swapWarnsAtPlan(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2"}
	mock, w := adoptAliceAndBob(t, ids...)

	w.write("main.tf", requiredProviders()+profilesForEach(mock, map[string]string{"alice": ids[1], "bob": ids[0]}))
	expectDeletedAndAdopted(t, w, mock, ids[0])
	expectDeletedAndAdopted(t, w, mock, ids[1])
}

func TestAccApplicationProfileResource_removedBlockWarnsUnlessKept(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2"}
	mock, w := adoptAliceAndBob(t, ids...)

	// A removed block that keeps the association plans no deletion.
	w.write("main.tf", requiredProviders()+providerBlock(mock.URL, testAccessKey, testSecretKey)+`
removed {
  from = identitycenter_application_profile.team
  lifecycle {
    destroy = false
  }
}
`)
	if out := w.mustRun("plan", "-input=false", "-json"); slices.ContainsFunc(diagnosticsOf(t, out),
		func(d cliDiagnostic) bool { return d.Summary == deletionWarning }) {
		t.Errorf("a removed block with destroy = false warns of a deletion:\n%s", out)
	}
	// Removing the blocks destroys both, and the plan names both.
	w.write("main.tf", requiredProviders()+providerBlock(mock.URL, testAccessKey, testSecretKey))
	expectDeletionWarnings(t, w.mustRun("plan", "-input=false", "-json"), ids...)
	if err := expectProfiles(mock, 0, ids...); err != nil {
		t.Error(err)
	}
}

// A removed block cannot name one instance of a for_each, so the deletion
// warning's advice for one instance is terraform state rm: after it, the
// plan deletes nothing, and the association stays.
func TestAccApplicationProfileResource_stateRmKeepsOneInstance(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2"}
	mock, w := adoptAliceAndBob(t, ids...)

	w.write("main.tf", requiredProviders()+profilesForEach(mock, map[string]string{"alice": ids[0]}))
	expectDeletionWarnings(t, w.mustRun("plan", "-input=false", "-json"), ids[1])
	w.mustRun("state", "rm", `identitycenter_application_profile.team["bob"]`)
	expectKept(t, w, mock, "No changes.", ids...)
}

// TestAccApplicationProfileResource_destroyDeletesOnlyItsOwn destroys one
// of two adopted associations and checks the store for the other and for
// the one never managed.
func TestAccApplicationProfileResource_destroyDeletesOnlyItsOwn(t *testing.T) {
	ids := []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"}
	mock := newTestMock(t, seedOf(profilesOf(ids...)...))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectProfiles(mock, 2, ids[2]) },
		Steps: []resource.TestStep{
			{Config: profilesNamed(mock, ids[0], ids[1])},
			{
				Config: profilesNamed(mock, ids[0]),
				Check:  func(*terraform.State) error { return expectProfiles(mock, 1, ids[0], ids[2]) },
			},
		},
	})
}

// profilesNamed adopts one association per ID, each in a resource block
// named after its index.
func profilesNamed(mock *testMock, ids ...string) string {
	config := providerBlock(mock.URL, testAccessKey, testSecretKey)
	for i, id := range ids {
		config += profileResource(fmt.Sprintf("p%d", i), testApplicationID, id)
	}
	return config
}

// Removing a resource whose association an exclusive resource also declares
// deletes it, and the exclusive resource's plans fail from then on, as the
// API cannot create it again: the plan says so, and the removed block it
// suggests deletes nothing.
func TestAccApplicationProfileResource_deletionDeclaredByTheExclusiveResourceWarnsAtPlan(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2"}
	mock := newTestMock(t, seedOf(profilesOf(ids...)...))
	w := newCLIWorkdir(t, map[string]string{"main.tf": exclusiveConfig(mock, ids...) + profileBlock(ids[1])})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", exclusiveConfig(mock, ids...))
	expectDeletionWhileDeclared(t, w.mustRun("plan", "-input=false", "-json"), "Association", profileStateID(ids[1]), "")

	w.write("main.tf", exclusiveConfig(mock, ids...)+`
removed {
  from = `+profileAddress+`
  lifecycle {
    destroy = false
  }
}
`)
	if out := w.mustRun("plan", "-input=false"); strings.Contains(out, "while an exclusive resource declares it") ||
		strings.Contains(out, "this plan deletes") || strings.Contains(out, deletionWarning) {
		t.Errorf("with a removed block the plan still warns:\n%s", out)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if err := expectProfiles(mock, 0, ids...); err != nil {
		t.Error(err)
	}
}

// expectDeletionWhileDeclared fails unless the JSON plan warns that it
// deletes id, which an exclusive resource declares; kind is "Association"
// or "Assignment". Whichever of the two resources Terraform plans second
// warns, each with its own warning and advice; planner, when not empty, is
// the address that must warn. The CLIs that put addresses on diagnostics
// must put the warning on the resource whose advice it gives.
func expectDeletionWhileDeclared(t *testing.T, jsonPlan, kind, id, planner string) {
	t.Helper()
	onDeleter := kind + " deleted while an exclusive resource declares it"
	onDeclarer := "Exclusive resource declares an " + strings.ToLower(kind) + " this plan deletes"
	var warned []cliDiagnostic
	for _, d := range diagnosticsOf(t, jsonPlan) {
		if (d.Summary == onDeleter || d.Summary == onDeclarer) && strings.Contains(d.Detail, id) {
			warned = append(warned, d)
		}
	}
	if len(warned) != 1 {
		t.Fatalf("the plan warns %d times that it deletes %s, which an exclusive resource declares, want once:\n%s",
			len(warned), id, jsonPlan)
	}
	d := warned[0]
	if d.Severity != "warning" {
		t.Errorf("%q is a %s, want a warning", d.Summary, d.Severity)
	}
	if planner != "" && d.Address != "" && d.Address != planner {
		t.Errorf("the warning is on %s, want %s: %s", d.Address, planner, d.Detail)
	}
	// The resource that warns: the one planned second, as the CLI names it.
	warner := cmp.Or(d.Address, planner)
	if onExclusive := strings.Contains(warner, "_exclusive."); warner != "" && onExclusive != (d.Summary == onDeclarer) {
		t.Errorf("the warning on %s is %q", warner, d.Summary)
	}
	advice := []string{"removed block with lifecycle { destroy = false }", "terraform state rm"}
	if d.Summary == onDeclarer {
		advice = append(advice, "If the deletion is meant, remove")
	}
	for _, want := range advice {
		if !strings.Contains(oneLine(d.Detail), want) {
			t.Errorf("%q does not say %q: %s", d.Summary, want, d.Detail)
		}
	}
}

// plannedSecond is the HCL of two resource blocks, by their addresses, the
// one at planner made to depend on the other, so that Terraform plans it
// second.
func plannedSecond(planner string, blocks map[string]string) string {
	addresses := slices.Sorted(maps.Keys(blocks))
	others := slices.DeleteFunc(slices.Clone(addresses), func(a string) bool { return a == planner })
	var config string
	for _, address := range addresses {
		block := blocks[address]
		if address == planner {
			end := strings.LastIndex(block, "}")
			block = block[:end] + "  depends_on = [" + strings.Join(others, ", ") + "]\n" + block[end:]
		}
		config += block
	}
	return config
}

// A replacement that deletes an association an exclusive resource declares
// warns on whichever of the two resources Terraform plans second, with the
// advice for that resource: on the resource, how to keep the association;
// on the exclusive resource, that its set declares what the plan deletes.
func TestAccApplicationProfileResource_replacementOfADeclaredAssociationWarnsOnThePlannedSecond(t *testing.T) {
	t.Parallel()
	ids := []string{"p-00000000000000a1", "p-00000000000000a2"}
	for _, planner := range []string{profileAddress, exclusiveAddress} {
		t.Run(planner, func(t *testing.T) {
			t.Parallel()
			mock := newTestMock(t, seedOf(profilesOf(ids...)...))
			config := func(profileID string) string {
				return mock.providerConfig() + plannedSecond(planner, map[string]string{
					profileAddress:   profileBlock(profileID),
					exclusiveAddress: exclusiveBlock(testInstanceID, testApplicationID, ids...),
				})
			}
			w := newCLIWorkdir(t, map[string]string{"main.tf": config(ids[1])})
			w.mustRun("apply", "-input=false", "-auto-approve")

			w.write("main.tf", config(ids[0]))
			expectDeletionWhileDeclared(t, w.mustRun("plan", "-input=false", "-json"), "Association", profileStateID(ids[1]), planner)
			if err := expectProfiles(mock, 0, ids...); err != nil {
				t.Error(err)
			}
		})
	}
}
