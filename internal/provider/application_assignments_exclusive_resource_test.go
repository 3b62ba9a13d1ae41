package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const assignmentsExclusiveAddress = "identitycenter_application_assignments_exclusive.test"

func assignmentsExclusiveBlock(applicationInstanceID string, users, groups []string) string {
	return fmt.Sprintf(`
resource "identitycenter_application_assignments_exclusive" "test" {
  instance_id             = %q
  application_instance_id = %q
  user_ids                = %s
  group_ids               = %s
}
`, testInstanceID, applicationInstanceID, hclSet(users...), hclSet(groups...))
}

func assignmentsExclusiveConfig(mock *testMock, users, groups []string) string {
	return mock.providerConfig() + assignmentsExclusiveBlock(testApplicationID, users, groups)
}

// The audit, enforcement and destroy: creating assigns the missing declared
// principals and deletes nothing; refresh shows the undeclared ones; the
// next apply deletes exactly those the plan named; destroy deletes nothing.
func TestAccApplicationAssignmentsExclusiveResource_auditAndEnforce(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-stray"), groupOf("g-1")))
	users, groups := []string{"u-1", "u-new"}, []string{"g-1"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy stops managing the set: every assignment stays.
		CheckDestroy: checkStoredAssignments(mock, userOf("u-1"), userOf("u-new"), groupOf("g-1")),
		Steps: []resource.TestStep{
			{
				Config: assignmentsExclusiveConfig(mock, users, groups),
				// Creating deletes nothing, so the next plan shows u-stray.
				ExpectNonEmptyPlan: true,
				Check:              checkStoredAssignments(mock, userOf("u-1"), userOf("u-stray"), groupOf("g-1"), userOf("u-new")),
			},
			{
				Config: assignmentsExclusiveConfig(mock, users, groups),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assignmentsExclusiveAddress, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignmentsExclusiveAddress, tfjsonpath.New("user_ids"), stringSet("u-1", "u-new")),
					statecheck.ExpectKnownValue(assignmentsExclusiveAddress, tfjsonpath.New("group_ids"), stringSet("g-1")),
				},
				Check: checkStoredAssignments(mock, userOf("u-1"), userOf("u-new"), groupOf("g-1")),
			},
			{
				// A group assigned in the console shows in the plan.
				PreConfig: func() { mock.AddAssignment(testInstanceID, testApplicationID, groupOf("g-console")) },
				Config:    assignmentsExclusiveConfig(mock, users, groups),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assignmentsExclusiveAddress, plancheck.ResourceActionUpdate),
					},
				},
				Check: checkStoredAssignments(mock, userOf("u-1"), userOf("u-new"), groupOf("g-1")),
			},
			{
				ResourceName:      assignmentsExclusiveAddress,
				ImportState:       true,
				ImportStateId:     testInstanceID + "/" + testApplicationID,
				ImportStateVerify: true,
				// user_ids and group_ids are read from the API, as in state.
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// The plan names what apply deletes and creates; an assignment made after a
// saved plan is kept, and the next plan shows it.
func TestAccApplicationAssignmentsExclusiveResource_savedPlanKeepsNewAssignment(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2"), groupOf("g-1")))
	config := func(users ...string) string {
		return requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) +
			assignmentsExclusiveBlock(testApplicationID, users, []string{"g-1"})
	}
	w := newCLIWorkdir(t, map[string]string{"main.tf": config("u-1", "u-2")})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", config("u-1", "u-3"))
	expectSaid(t, w.mustRun("plan", "-input=false", "-out=tfplan"),
		"Warning: Apply will delete 1 assignment", "apply will delete it: USER u-2.",
		"Warning: Apply will assign 1 assignment", "USER u-3")
	mock.AddAssignment(testInstanceID, testApplicationID, userOf("u-late"))
	expectSaid(t, w.mustRun("apply", "-input=false", "tfplan"),
		"Warning: Assignments made after the plan were kept", "1 assignment that the plan did not show: USER u-late")
	if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-3"), groupOf("g-1"), userOf("u-late")); err != nil {
		t.Error(err)
	}
	out, code := w.run("plan", "-input=false", "-detailed-exitcode")
	if code != 2 {
		t.Fatalf("plan after the saved apply exited with %d, want 2:\n%s", code, out)
	}
	expectSaid(t, out, `- "u-late"`, "apply will delete it: USER u-late.")
}

// A plan that cannot list the application instance cannot name what apply
// deletes: it fails, and nothing is deleted.
func TestAccApplicationAssignmentsExclusiveResource_planFailsWhenTheAPICannotList(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2")))
	blocks := assignmentsExclusiveBlock(testApplicationID, []string{"u-1", "u-2"}, nil)
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + blocks})
	w.mustRun("apply", "-input=false", "-auto-approve")

	// Keys without permission, and no refresh: ModifyPlan's list fails.
	w.write("main.tf", requiredProviders()+providerBlock(mock.URL, deniedAccessKey, deniedSecretKey)+
		assignmentsExclusiveBlock(testApplicationID, []string{"u-1"}, nil))
	out, code := w.run("plan", "-input=false", "-refresh=false")
	if code == 0 {
		t.Fatalf("plan succeeded without a list:\n%s", out)
	}
	expectSaid(t, out, "Error: Cannot list the application assignments at plan time", "A plan that cannot name its deletions is refused")
	if err := expectStoredAssignments(mock, userOf("u-1"), userOf("u-2")); err != nil {
		t.Error(err)
	}
	if n := mock.Stats().DeleteAssignment; n != 0 {
		t.Errorf("%d delete requests", n)
	}
}

// user_ids unknown at plan time: the plan names every assignment apply may
// delete, and apply deletes only those that existed at plan time.
func TestAccApplicationAssignmentsExclusiveResource_unknownPrincipals(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1"), userOf("u-2")))
	config := func(input, users string) string {
		return requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey) + fmt.Sprintf(`
resource "terraform_data" "user" {
  input = %q
}

resource "identitycenter_application_assignments_exclusive" "test" {
  instance_id             = %q
  application_instance_id = %q
  user_ids                = %s
}
`, input, testInstanceID, testApplicationID, users)
	}
	w := newCLIWorkdir(t, map[string]string{"main.tf": config("u-2", `["u-1", "u-2"]`)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	// A changed input replaces terraform_data, so its output, and user_ids,
	// are known only at apply.
	w.write("main.tf", config("u-2 ", `[trimspace(terraform_data.user.output)]`))
	expectSaid(t, w.mustRun("plan", "-input=false", "-out=tfplan"), "Warning: Apply may delete assignments",
		"that they do not end up holding: USER u-1, USER u-2.")
	mock.AddAssignment(testInstanceID, testApplicationID, userOf("u-late"))
	w.mustRun("apply", "-input=false", "tfplan")
	if err := expectStoredAssignments(mock, userOf("u-2"), userOf("u-late")); err != nil {
		t.Error(err)
	}
}

// An application instance that disappears removes the resource from state;
// import of one that does not exist fails; bad input is refused.
func TestAccApplicationAssignmentsExclusiveResource_missingApplicationInstanceAndBadInput(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-1")))
	missing := mock.providerConfig() + assignmentsExclusiveBlock("app-ins-missing", []string{"u-1"}, nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkStoredAssignments(mock, userOf("u-1")),
		Steps: []resource.TestStep{
			{Config: missing, ExpectError: regexp.MustCompile(`(?s)Application instance not found.*app-ins-missing`)},
			{
				Config:        missing,
				ResourceName:  assignmentsExclusiveAddress,
				ImportState:   true,
				ImportStateId: testInstanceID + "/app-ins-missing",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				Config:        missing,
				ResourceName:  assignmentsExclusiveAddress,
				ImportState:   true,
				ImportStateId: testInstanceID,
				ExpectError:   regexp.MustCompile(`expected <instance_id>/<application_instance_id>`),
			},
			{
				Config:      assignmentsExclusiveConfig(mock, []string{"u 1"}, nil),
				ExpectError: regexp.MustCompile(`(?s)user_ids.*without "/", "\?", "#"\s+or white\s+space`),
			},
			{
				Config:      assignmentsExclusiveConfig(mock, nil, []string{"g/1"}),
				ExpectError: regexp.MustCompile(`(?s)group_ids.*without\s+"/",\s+"\?",\s+"#"\s+or\s+white\s+space`),
			},
			{
				Config:      mock.providerConfig() + assignmentsExclusiveBlock("ai-1", []string{"u-1"}, nil),
				ExpectError: regexp.MustCompile(`(?s)application_instance_id.*must be an application instance ID, which\s+starts with "app-ins-"`),
			},
			{
				Config:        missing,
				ResourceName:  assignmentsExclusiveAddress,
				ImportState:   true,
				ImportStateId: testInstanceID + "/ai-1",
				ExpectError:   regexp.MustCompile(`(?s)application\s+instance\s+ID\s+"ai-1".*must\s+start\s+with\s+"app-ins-"`),
			},
		},
	})
	if n := mock.Stats().DeleteAssignment + mock.Stats().CreateAssignment; n != 0 {
		t.Errorf("%d creates or deletes for bad input", n)
	}
}

// A 409 is how the API answers a create of an assignment that exists, but
// IIC.1007 is also its "data modification failed". A create it answers
// with 409 counts as done only once a list shows the principal assigned;
// until then nothing is deleted, so a failure leaves more access, not less.
func TestAccApplicationAssignmentsExclusiveResource_unconfirmedConflictDeletesNothing(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		failListsAfter bool // the list that would confirm the create fails too
		said           []string
	}{
		"not listed":  {said: []string{"does not show it", "IIC.1007", "r-1007"}},
		"list failed": {failListsAfter: true, said: []string{"that would confirm it failed", "answered POST", "answered GET"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base := newTestMock(t, assignmentSeed(userOf("u-1")))
			var refused atomic.Bool
			mock, refuse := withAnswer(t, base, func(r *http.Request) bool {
				if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assignments/create") {
					refused.Store(true)
					return true
				}
				return tc.failListsAfter && refused.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/assignments")
			}, http.StatusConflict, `{"error_code":"IIC.1007","error_msg":"data modification failed","request_id":"r-1007"}`)
			refuse.Store(false)
			w := newCLIWorkdir(t, map[string]string{"main.tf": assignmentsExclusiveConfig(mock, []string{"u-1"}, nil)})
			w.mustRun("apply", "-input=false", "-auto-approve")

			w.write("main.tf", assignmentsExclusiveConfig(mock, nil, []string{"g-1"}))
			refuse.Store(true)
			out, code := w.run("apply", "-input=false", "-auto-approve")
			if code == 0 {
				t.Fatalf("apply succeeded though the create failed:\n%s", out)
			}
			expectSaid(t, out, append([]string{"Error: Cannot create an application assignment",
				"GROUP g-1, after 0 of 2 changes", "The API answered 409"}, tc.said...)...)
			if err := expectStoredAssignments(base, userOf("u-1")); err != nil {
				t.Error(err)
			}
			if n := base.Stats().DeleteAssignment; n != 0 {
				t.Errorf("%d delete requests after a create that failed", n)
			}

			// State still says u-1, so the next plan shows the same change again.
			refuse.Store(false)
			out, code = w.run("plan", "-input=false", "-detailed-exitcode")
			if code != 2 {
				t.Fatalf("plan after the failed apply exited with %d, want 2:\n%s", code, out)
			}
			expectSaid(t, out, `- "u-1"`, `+ "g-1"`)
		})
	}
}

// A 409 for a principal that is assigned already is the API's duplicate:
// the create counts as done, and the planned deletes follow.
func TestAccApplicationAssignmentsExclusiveResource_conflictListedCountsAsDone(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, assignmentSeed(userOf("u-1")))
	w := newCLIWorkdir(t, map[string]string{"main.tf": assignmentsExclusiveConfig(mock, []string{"u-1"}, nil)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	// Planned without g-1; g-1 is assigned between plan and apply, so the
	// create answers 409.
	w.write("main.tf", assignmentsExclusiveConfig(mock, nil, []string{"g-1"}))
	w.mustRun("plan", "-input=false", "-out=tfplan")
	mock.AddAssignment(testInstanceID, testApplicationID, groupOf("g-1"))
	w.mustRun("apply", "-input=false", "tfplan")
	if err := expectStoredAssignments(mock, groupOf("g-1")); err != nil {
		t.Error(err)
	}
	w.expectNoChanges()
}
