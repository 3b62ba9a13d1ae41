package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

const assignmentAddress = "identitycenter_application_assignment.test"

func userOf(id string) mockapi.Assignment {
	return mockapi.Assignment{PrincipalID: id, PrincipalType: mockapi.PrincipalUser}
}

func groupOf(id string) mockapi.Assignment {
	return mockapi.Assignment{PrincipalID: id, PrincipalType: mockapi.PrincipalGroup}
}

// assignmentSeed is one application instance, testApplicationID, with
// assignments and a profile that no assignment may touch.
func assignmentSeed(assignments ...mockapi.Assignment) mockapi.Seed {
	seed := seedOf(mockapi.Profile{ProfileID: "p-dc6434b56c4e5221"})
	seed.Instances[0].ApplicationInstances[0].Assignments = assignments
	return seed
}

func assignmentBlock(principalType, principalID string) string {
	return fmt.Sprintf(`
resource "identitycenter_application_assignment" "test" {
  instance_id             = %q
  application_instance_id = %q
  principal_type          = %q
  principal_id            = %q
}
`, testInstanceID, testApplicationID, principalType, principalID)
}

func assignmentConfig(mock *testMock, principalType, principalID string) string {
	return mock.providerConfig() + assignmentBlock(principalType, principalID)
}

func assignmentStateID(principalType, principalID string) string {
	return testInstanceID + "/" + testApplicationID + "/" + principalType + "/" + principalID
}

// expectStoredAssignments fails unless the mock's store holds exactly want
// on testApplicationID, in any order, and the seeded profile: the evidence
// that nothing else was created or deleted.
func expectStoredAssignments(mock *testMock, want ...mockapi.Assignment) error {
	got := mock.Assignments(testInstanceID, testApplicationID)
	sortAssignments := func(as []mockapi.Assignment) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = a.PrincipalType + " " + a.PrincipalID
		}
		slices.Sort(out)
		return out
	}
	if g, w := sortAssignments(got), sortAssignments(want); !slices.Equal(g, w) {
		return fmt.Errorf("the mock holds assignments %v, want %v", g, w)
	}
	if p := mock.Profiles(testInstanceID, testApplicationID); len(p) != 1 {
		return fmt.Errorf("the mock holds profiles %v, want the seeded one untouched", p)
	}
	return nil
}

func checkStoredAssignments(mock *testMock, want ...mockapi.Assignment) resource.TestCheckFunc {
	return func(*terraform.State) error { return expectStoredAssignments(mock, want...) }
}

func TestAccApplicationAssignmentResource_lifecycle(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-neighbour"), groupOf("g-neighbour")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock, userOf("u-neighbour"), groupOf("g-neighbour")),
		Steps: []resource.TestStep{
			{
				Config: assignmentConfig(mock, "GROUP", "g-engineering"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assignmentAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(assignmentAddress, tfjsonpath.New("id"), knownvalue.StringExact(assignmentStateID("GROUP", "g-engineering"))),
						plancheck.ExpectUnknownValue(assignmentAddress, tfjsonpath.New("application_urn")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignmentAddress, tfjsonpath.New("id"), knownvalue.StringExact(assignmentStateID("GROUP", "g-engineering"))),
					statecheck.ExpectKnownValue(assignmentAddress, tfjsonpath.New("principal_type"), knownvalue.StringExact("GROUP")),
					statecheck.ExpectKnownValue(assignmentAddress, tfjsonpath.New("application_urn"),
						knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta(testApplicationID)+"$"))),
				},
				Check: checkStoredAssignments(mock, userOf("u-neighbour"), groupOf("g-neighbour"), groupOf("g-engineering")),
			},
			{
				// Refresh finds it: no change.
				Config:   assignmentConfig(mock, "GROUP", "g-engineering"),
				PlanOnly: true,
			},
			{
				ResourceName:            assignmentAddress,
				ImportState:             true,
				ImportStateId:           assignmentStateID("GROUP", "g-engineering"),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

func TestAccApplicationAssignmentResource_driftAfterOutOfBandDelete(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-neighbour")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock, userOf("u-neighbour")),
		Steps: []resource.TestStep{
			{Config: assignmentConfig(mock, "USER", "u-alice")},
			{
				// Removed in the console: the plan shows it to be created again.
				PreConfig: func() {
					if !mock.RemoveAssignment(testInstanceID, testApplicationID, userOf("u-alice")) {
						t.Fatal("u-alice was not in the store")
					}
				},
				Config: assignmentConfig(mock, "USER", "u-alice"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignmentAddress, plancheck.ResourceActionCreate)},
				},
				Check: checkStoredAssignments(mock, userOf("u-neighbour"), userOf("u-alice")),
			},
		},
	})
}

// An assignment made outside Terraform is never taken over: apply fails
// suggesting import, and the assignment stays.
func TestAccApplicationAssignmentResource_existingIsNotAdopted(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-alice")))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + assignmentBlock("USER", "u-alice")})
	out, code := w.run("apply", "-input=false", "-auto-approve")
	if code == 0 {
		t.Fatalf("apply of an existing assignment succeeded:\n%s", out)
	}
	expectSaid(t, out, "Error: Application assignment already exists", "HTTP 409",
		"USER u-alice is already assigned", `import block with id = "`+assignmentStateID("USER", "u-alice")+`"`)
	if err := expectStoredAssignments(mock, userOf("u-alice")); err != nil {
		t.Error(err)
	}
	if state := w.mustRun("state", "list"); strings.Contains(state, assignmentAddress) {
		t.Errorf("the failed create left %s in state", assignmentAddress)
	}
	// Import is the way in.
	w.mustRun("import", "-input=false", assignmentAddress, assignmentStateID("USER", "u-alice"))
	w.expectNoChanges()
}

// A create whose answer is lost is retried, and the retry answered 409:
// the assignment is most likely the one the first attempt made, so state
// records it, with a warning, instead of asking to import it.
func TestAccApplicationAssignmentResource_createAnswerLost(t *testing.T) {
	t.Parallel()
	mock := newFaultyTestMock(t, mockapi.Faults{DropRate: 1}, assignmentSeed())
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + assignmentBlock("USER", "u-alice")})
	expectSaid(t, w.mustRun("apply", "-input=false", "-auto-approve"), "Warning: Assignment recorded after a lost answer",
		assignmentStateID("USER", "u-alice"), "1 added")
	if n := mock.Stats().Faults.Drops; n != 1 {
		t.Errorf("%d answers dropped, want 1", n)
	}
	if err := expectStoredAssignments(mock, userOf("u-alice")); err != nil {
		t.Error(err)
	}
	w.expectNoChanges()
}

// A retry after the gateway refused to pass the create on (503) repeats
// nothing: its 409 means that someone else made the assignment, which is
// never taken over.
func TestAccApplicationAssignmentResource_conflictAfterARefusalIsNotAdopted(t *testing.T) {
	t.Parallel()
	base := newTestMock(t, assignmentSeed(userOf("u-alice")))
	var creates atomic.Int64
	mock, _ := withAnswer(t, base, func(r *http.Request) bool {
		return strings.HasSuffix(r.URL.Path, "/assignments/create") && creates.Add(1) == 1
	}, http.StatusServiceUnavailable, `{"error_code":"APIGW.0202","error_msg":"The service is unavailable"}`)
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + assignmentBlock("USER", "u-alice")})
	out, code := w.run("apply", "-input=false", "-auto-approve")
	if code == 0 {
		t.Fatalf("apply took over an existing assignment:\n%s", out)
	}
	expectSaid(t, out, "Error: Application assignment already exists")
	if creates.Load() != 2 {
		t.Errorf("%d create attempts, want the refused one and its retry", creates.Load())
	}
	if state := w.mustRun("state", "list"); strings.Contains(state, assignmentAddress) {
		t.Errorf("the existing assignment is in state")
	}
	if err := expectStoredAssignments(base, userOf("u-alice")); err != nil {
		t.Error(err)
	}
}

// A 409 for a principal that no list shows is a failure, not a duplicate:
// the error says so and does not advise an import of nothing.
func TestAccApplicationAssignmentResource_conflictNotListedIsAFailure(t *testing.T) {
	t.Parallel()
	base := newTestMock(t, assignmentSeed())
	mock, _ := withAnswer(t, base, func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assignments/create")
	}, http.StatusConflict, `{"error_code":"IIC.1007","error_msg":"data modification failed","request_id":"r-1007"}`)
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + assignmentBlock("USER", "u-alice")})
	out, code := w.run("apply", "-input=false", "-auto-approve")
	if code == 0 {
		t.Fatalf("apply succeeded though the create failed:\n%s", out)
	}
	expectSaid(t, out, "Error: Cannot create the application assignment", "answered 409", "does not show it",
		"IIC.1007", "r-1007")
	if strings.Contains(out, "already exists") || strings.Contains(out, "import") {
		t.Errorf("the error calls a failed create an existing assignment:\n%s", out)
	}
	if err := expectStoredAssignments(base); err != nil {
		t.Error(err)
	}
	if state := w.mustRun("state", "list"); strings.Contains(state, assignmentAddress) {
		t.Errorf("the failed create left %s in state", assignmentAddress)
	}
}

// A replacement whose new assignment exists would delete the old one and
// then fail: the plan fails instead, and nothing changes.
func TestAccApplicationAssignmentResource_replacementToExistingFailsThePlan(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-bob")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock, userOf("u-bob")),
		Steps: []resource.TestStep{
			{Config: assignmentConfig(mock, "USER", "u-alice")},
			{
				Config: assignmentConfig(mock, "USER", "u-bob"),
				ExpectError: errorMatching("Replacement assignment already exists", "into a resource of its own",
					"terraform state rm", "terraform destroy -refresh=false -target"),
			},
			{
				// Neither was touched by the refused plan. A step that
				// expects an error runs no Check, so the store is read here.
				PreConfig: func() {
					if err := expectStoredAssignments(mock, userOf("u-bob"), userOf("u-alice")); err != nil {
						t.Error(err)
					}
				},
				Config:   assignmentConfig(mock, "USER", "u-alice"),
				PlanOnly: true,
			},
		},
	})
}

// A changed application instance that does not exist, deleted or mistyped,
// fails the plan of the replacement, which would delete the assignment and
// then fail to create the new one; nothing is deleted. The plan that
// terraform destroy makes first fails too, and says how to destroy anyway.
func TestAccApplicationAssignmentResource_replacementToMissingApplicationInstanceFailsThePlan(t *testing.T) {
	mock := newTestMock(t, assignmentSeed())
	elsewhere := mock.providerConfig() + strings.Replace(assignmentBlock("USER", "u-alice"), testApplicationID,
		"app-ins-00000000000000ff", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock),
		Steps: []resource.TestStep{
			{Config: assignmentConfig(mock, "USER", "u-alice")},
			{
				Config: elsewhere,
				ExpectError: errorMatching("Replacement application instance does not exist",
					"Replacing deletes assignment "+assignmentStateID("USER", "u-alice"),
					"application instance app-ins-00000000000000ff of Identity Center instance "+testInstanceID+" does not exist",
					"Check instance_id and application_instance_id", "terraform destroy with -refresh=false", "-target with this resource's address"),
			},
			{
				PreConfig: func() {
					if err := expectStoredAssignments(mock, userOf("u-alice")); err != nil {
						t.Errorf("after the refused plan: %v", err)
					}
				},
				Config:   assignmentConfig(mock, "USER", "u-alice"),
				PlanOnly: true,
			},
		},
	})

	// terraform destroy of the configuration so edited: its first plan
	// fails and deletes nothing; with -refresh=false the assignment in
	// state alone is deleted.
	w := newCLIWorkdir(t, map[string]string{"main.tf": assignmentConfig(mock, "USER", "u-bob")})
	w.mustRun("apply", "-auto-approve")
	w.write("main.tf", mock.providerConfig()+strings.Replace(assignmentBlock("USER", "u-bob"), testApplicationID,
		"app-ins-00000000000000ff", 1))
	if out, code := w.run("destroy", "-auto-approve"); code == 0 || !strings.Contains(oneLine(out), "-refresh=false") {
		t.Errorf("terraform destroy exited with %d, want a failure that names -refresh=false:\n%s", code, out)
	}
	if err := expectStoredAssignments(mock, userOf("u-bob")); err != nil {
		t.Errorf("after the failed destroy: %v", err)
	}
	w.mustRun("destroy", "-auto-approve", "-refresh=false")
	if err := expectStoredAssignments(mock); err != nil {
		t.Errorf("after terraform destroy -refresh=false: %v", err)
	}
}

// -replace under create_before_destroy creates the new assignment while the
// old one exists: apply fails, says why and what to do, and changes
// nothing, in the API or in state.
func TestAccApplicationAssignmentResource_replacementByItselfBeforeDestroy(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed())
	config := mock.providerConfig() + strings.Replace(assignmentBlock("USER", "u-alice"), "\n}\n",
		"\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n", 1)
	w := newCLIWorkdir(t, map[string]string{"main.tf": config})
	w.mustRun("apply", "-auto-approve")
	out, code := w.run("apply", "-auto-approve", "-replace="+assignmentAddress)
	if code == 0 {
		t.Fatalf("apply -replace under create_before_destroy succeeded:\n%s", out)
	}
	expectSaid(t, out, "Application assignment already exists", "replace it without create_before_destroy")
	if err := expectStoredAssignments(mock, userOf("u-alice")); err != nil {
		t.Error(err)
	}
	w.expectNoChanges()
}

func TestAccApplicationAssignmentResource_importByIdentity(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(groupOf("g-1")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCapableCLI,
		Steps: []resource.TestStep{
			{
				Config: assignmentConfig(mock, "USER", "u-identity"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(assignmentAddress, map[string]knownvalue.Check{
						"instance_id":             knownvalue.StringExact(testInstanceID),
						"application_instance_id": knownvalue.StringExact(testApplicationID),
						"principal_type":          knownvalue.StringExact("USER"),
						"principal_id":            knownvalue.StringExact("u-identity"),
					}),
				},
			},
			{
				ResourceName:    assignmentAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// An import block's identity is checked as the attributes are, and a bad
// one imports nothing and deletes nothing.
func TestAccApplicationAssignmentResource_badImportIdentity(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-1")))
	identityBlock := func(applicationInstanceID, principalType, principalID string) string {
		return fmt.Sprintf(`
import {
  to = %s
  identity = {
    instance_id             = %q
    application_instance_id = %q
    principal_type          = %q
    principal_id            = %q
  }
}
`, assignmentAddress, testInstanceID, applicationInstanceID, principalType, principalID)
	}
	t.Cleanup(func() {
		if err := expectStoredAssignments(mock, userOf("u-1")); err != nil {
			t.Error(err)
		}
	})
	for name, tc := range map[string]struct {
		importBlock string
		want        []string
	}{
		"application instance without prefix": {
			importBlock: identityBlock("ai-1", "USER", "u-1"),
			want:        []string{"Invalid import identity", "application_instance_id", `must be an application instance ID, which starts with "app-ins-"`},
		},
		"unknown principal type": {
			importBlock: identityBlock(testApplicationID, "ROBOT", "u-1"),
			want:        []string{"Invalid import identity", "principal_type", "ROBOT"},
		},
		"slash in principal_id": {
			importBlock: identityBlock(testApplicationID, "USER", "u/1"),
			want:        []string{"Invalid import identity", "principal_id", `must be a non-empty ID without "/"`},
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   identityCapableCLI,
				Steps: []resource.TestStep{{
					Config:      assignmentConfig(mock, "USER", "u-1") + tc.importBlock,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
}

func TestAccApplicationAssignmentResource_badInput(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-1")))
	importStep := func(id, want string) resource.TestStep {
		return resource.TestStep{
			Config:        assignmentConfig(mock, "USER", "u-1"),
			ResourceName:  assignmentAddress,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   regexp.MustCompile(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock, userOf("u-1")),
		Steps: []resource.TestStep{
			{Config: assignmentConfig(mock, "user", "u-1"), ExpectError: regexp.MustCompile(`(?s)principal_type.*value must be one of`)},
			{Config: assignmentConfig(mock, "USER", "u 1"), ExpectError: regexp.MustCompile(`(?s)principal_id.*without "/", "\?", "#" or white\s+space`)},
			{Config: mock.providerConfig() + strings.Replace(assignmentBlock("USER", "u-1"), testApplicationID, "ai-1", 1),
				ExpectError: regexp.MustCompile(`must be an application instance ID, which\s+starts with "app-ins-"`)},
			{Config: mock.providerConfig() + strings.Replace(assignmentBlock("USER", "u-1"), testInstanceID, "ins 1", 1),
				ExpectError: regexp.MustCompile(`(?s)instance_id.*without\s+"/",\s+"\?",\s+"#"\s+or\s+white\s+space`)},
			importStep(testInstanceID+"/"+testApplicationID+"/u-1", `(?s)expected\s+<instance_id>/<application_instance_id>/<principal_type>/<principal_id>`),
			importStep(assignmentStateID("ROBOT", "u-1"), `(?s)principal\s+type\s+"ROBOT".*must\s+be\s+USER\s+or\s+GROUP`),
			importStep(assignmentStateID("USER", "u-missing"), `Cannot import non-existent remote object`),
			importStep("ins-0123456789abcdef/ai-1/USER/u-1", `(?s)application\s+instance\s+ID\s+"ai-1".*must\s+start\s+with\s+"app-ins-"`),
		},
	})
}

// A plan of 300 assignments over 3 application instances, read with pages
// of 50, lists each application instance with one walk of two pages.
func TestAccApplicationAssignmentResource_planRequestCount(t *testing.T) {
	t.Parallel()
	seed := mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstanceID}}}
	var config strings.Builder
	config.WriteString(requiredProviders())
	for a := range 3 {
		app := fmt.Sprintf("app-ins-count%d", a)
		seed.Instances[0].ApplicationInstances = append(seed.Instances[0].ApplicationInstances, mockapi.ApplicationInstance{ApplicationInstanceID: app})
		fmt.Fprintf(&config, `
resource "identitycenter_application_assignment" "app%d" {
  for_each                = toset([for i in range(100) : format("u-%%03d", i)])
  instance_id             = %q
  application_instance_id = %q
  principal_type          = "USER"
  principal_id            = each.key
}
`, a, testInstanceID, app)
	}
	mock := newTestMock(t, seed)
	mock.SetPageSizeCap(50)
	config.WriteString(providerBlock(mock.URL, testAccessKey, testSecretKey))
	w := newCLIWorkdir(t, map[string]string{"main.tf": config.String()})

	w.mustRun("apply", "-input=false", "-auto-approve")
	applied := mock.Stats()
	if applied.CreateAssignment != 300 {
		t.Fatalf("apply sent %d creates, want 300", applied.CreateAssignment)
	}
	// Creates take the application's URN from a shared walk: at most two
	// walks of two pages per application instance, however many creates.
	if applied.ListAssignments > 12 {
		t.Errorf("apply of 300 creates sent %d list requests, want at most 12", applied.ListAssignments)
	}
	t.Logf("apply of 300 creates: %d list requests", applied.ListAssignments)

	w.expectNoChanges()
	planned := mock.Stats()
	if got := planned.ListAssignments - applied.ListAssignments; got != 6 {
		t.Errorf("a plan of 300 assignments over 3 application instances sent %d list requests, want 6: one walk of 2 pages each", got)
	}
	if planned.Total-applied.Total != planned.ListAssignments-applied.ListAssignments {
		t.Errorf("the plan sent other requests than lists: %+v after %+v", planned, applied)
	}
}

// The exclusive resource and this one, on one application instance, both
// create the principal they both declare, as the exclusive resource's docs
// ask. Whichever comes second is answered 409: the exclusive resource counts
// that as made once a list shows it, and this one records an assignment that
// this apply's exclusive resource made. depends_on makes this one second,
// the order in which it used to fail on every apply.
func TestAccApplicationAssignmentResource_declaredInTheExclusiveResourceToo(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-1")))
	config := assignmentsExclusiveConfig(mock, []string{"u-1", "u-2"}, nil) + `
resource "identitycenter_application_assignment" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  principal_type          = "USER"
  principal_id            = "u-2"

  depends_on = [identitycenter_application_assignments_exclusive.test]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroying this resource deletes u-2; the exclusive resource's
		// destroy deletes nothing.
		CheckDestroy: checkStoredAssignments(mock, userOf("u-1")),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(assignmentAddress, tfjsonpath.New("id"), knownvalue.StringExact(assignmentStateID("USER", "u-2"))),
				statecheck.ExpectKnownValue(assignmentsExclusiveAddress, tfjsonpath.New("user_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("u-1"), knownvalue.StringExact("u-2")})),
			},
			Check: checkStoredAssignments(mock, userOf("u-1"), userOf("u-2")),
		}},
	})
}

// Renaming a for_each key plans the deletion of an assignment at the old key
// and its creation at the new one, which Terraform may run in either order:
// a create first fails, as the assignment exists, and the delete then
// removes it. The plan says so, and the moved block it suggests changes
// nothing.
func TestAccApplicationAssignmentResource_forEachRenameWarnsAtPlan(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed())
	config := func(users map[string]string, extra string) string {
		return mock.providerConfig() + fmt.Sprintf(`
resource "identitycenter_application_assignment" "team" {
  for_each                = %s
  instance_id             = %q
  application_instance_id = %q
  principal_type          = "USER"
  principal_id            = each.value
}
`, hclMap(users), testInstanceID, testApplicationID) + extra
	}
	w := newCLIWorkdir(t, map[string]string{"main.tf": config(map[string]string{"alice": "u-1", "bob": "u-2"}, "")})
	w.mustRun("apply", "-input=false", "-auto-approve")

	renamed := map[string]string{"alice": "u-1", "robert": "u-2"}
	w.write("main.tf", config(renamed, ""))
	expectDeletedAndCreated(t, w.mustRun("plan", "-input=false", "-json"), assignmentStateID("USER", "u-2"))

	w.write("main.tf", config(renamed, `
moved {
  from = identitycenter_application_assignment.team["bob"]
  to   = identitycenter_application_assignment.team["robert"]
}
`))
	if out := w.mustRun("plan", "-input=false"); strings.Contains(out, "Assignment deleted and created") ||
		!strings.Contains(out, "Plan: 0 to add, 0 to change, 0 to destroy.") {
		t.Errorf("with a moved block the plan changes something or warns:\n%s", out)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-2")); err != nil {
		t.Error(err)
	}
}

// A principal that leaves the exclusive resource's set while a resource of
// its own creates it is deleted by one and created by the other, in either
// order: the plan says so.
func TestAccApplicationAssignmentResource_removedFromTheExclusiveResourceWarnsAtPlan(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2")))
	w := newCLIWorkdir(t, map[string]string{"main.tf": assignmentsExclusiveConfig(mock, []string{"u-1", "u-2"}, nil)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", assignmentsExclusiveConfig(mock, []string{"u-1"}, nil)+assignmentBlock("USER", "u-2"))
	expectDeletedAndCreated(t, w.mustRun("plan", "-input=false", "-json"), assignmentStateID("USER", "u-2"))
	if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-2")); err != nil {
		t.Error(err)
	}
}

// expectDeletedAndCreated fails unless the JSON plan warns that it deletes
// and creates the assignment id.
func expectDeletedAndCreated(t *testing.T, jsonPlan, id string) {
	t.Helper()
	for _, d := range diagnosticsOf(t, jsonPlan) {
		if d.Summary == "Assignment deleted and created in one plan" && d.Severity == "warning" &&
			strings.Contains(d.Detail, "This plan deletes assignment "+id+" and creates it again") &&
			strings.Contains(d.Detail, "moved block") {
			return
		}
	}
	t.Errorf("the plan does not warn that it deletes and creates %s:\n%s", id, jsonPlan)
}

// Removing a resource whose principal the exclusive resource also declares
// deletes the assignment, and only the next apply creates it again: the plan
// says so, and the removed block it suggests deletes nothing.
func TestAccApplicationAssignmentResource_deletionDeclaredByTheExclusiveResourceWarnsAtPlan(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2")))
	exclusive := assignmentsExclusiveConfig(mock, []string{"u-1", "u-2"}, nil)
	w := newCLIWorkdir(t, map[string]string{"main.tf": exclusive + assignmentBlock("USER", "u-2")})
	w.mustRun("import", "-input=false", assignmentAddress, assignmentStateID("USER", "u-2"))
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", exclusive)
	expectDeletionWhileDeclared(t, w.mustRun("plan", "-input=false", "-json"), "Assignment", assignmentStateID("USER", "u-2"), "")

	w.write("main.tf", exclusive+`
removed {
  from = `+assignmentAddress+`
  lifecycle {
    destroy = false
  }
}
`)
	if out := w.mustRun("plan", "-input=false"); strings.Contains(out, "while an exclusive resource declares it") ||
		strings.Contains(out, "this plan deletes") {
		t.Errorf("with a removed block the plan still warns:\n%s", out)
	}
	w.mustRun("apply", "-input=false", "-auto-approve")
	if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-2")); err != nil {
		t.Error(err)
	}
}

// A replacement that deletes an assignment whose principal an exclusive
// resource declares warns on whichever of the two resources Terraform plans
// second, with the advice for that resource.
func TestAccApplicationAssignmentResource_replacementOfADeclaredAssignmentWarnsOnThePlannedSecond(t *testing.T) {
	t.Parallel()
	for _, planner := range []string{assignmentAddress, assignmentsExclusiveAddress} {
		t.Run(planner, func(t *testing.T) {
			t.Parallel()
			mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2")))
			config := func(principalID string) string {
				return mock.providerConfig() + plannedSecond(planner, map[string]string{
					assignmentAddress:           assignmentBlock("USER", principalID),
					assignmentsExclusiveAddress: assignmentsExclusiveBlock(testApplicationID, []string{"u-1", "u-2"}, nil),
				})
			}
			w := newCLIWorkdir(t, map[string]string{"main.tf": config("u-2")})
			w.mustRun("import", "-input=false", assignmentAddress, assignmentStateID("USER", "u-2"))
			w.mustRun("apply", "-input=false", "-auto-approve")

			w.write("main.tf", config("u-3"))
			expectDeletionWhileDeclared(t, w.mustRun("plan", "-input=false", "-json"), "Assignment", assignmentStateID("USER", "u-2"), planner)
			if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-2")); err != nil {
				t.Error(err)
			}
		})
	}
}
