package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var (
	_ resource.ResourceWithConfigure   = &ApplicationAssignmentsExclusiveResource{}
	_ resource.ResourceWithImportState = &ApplicationAssignmentsExclusiveResource{}
	_ resource.ResourceWithModifyPlan  = &ApplicationAssignmentsExclusiveResource{}
)

// NewApplicationAssignmentsExclusiveResource is the constructor the
// provider registers.
func NewApplicationAssignmentsExclusiveResource() resource.Resource {
	return &ApplicationAssignmentsExclusiveResource{}
}

// ApplicationAssignmentsExclusiveResource holds the complete set of users
// and groups assigned to one application instance: reading it reports every
// assignment, and applying it creates the declared ones that are missing
// and deletes the undeclared ones the plan named.
type ApplicationAssignmentsExclusiveResource struct {
	client  *identitycenter.Client
	plans   *plannedChanges
	creates *exclusiveCreates
}

// ApplicationAssignmentsExclusiveResourceModel is the resource's state.
type ApplicationAssignmentsExclusiveResourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	UserIDs               types.Set      `tfsdk:"user_ids"`
	GroupIDs              types.Set      `tfsdk:"group_ids"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (r *ApplicationAssignmentsExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_assignments_exclusive"
}

func (r *ApplicationAssignmentsExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	principals := func(kind string) schema.SetAttribute {
		return schema.SetAttribute{
			MarkdownDescription: "IDs of the " + kind + " that may be assigned to the application instance. Apply assigns " +
				"every one that is not, and **deletes** the assignment of every other " + strings.TrimSuffix(kind, "s") +
				" that the plan shows leaving the set. Empty when absent.",
			Optional:    true,
			Computed:    true,
			ElementType: types.StringType,
			Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
			Validators:  []validator.Set{setvalidator.ValueStringsAre(idValidators()...)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete set of users and groups assigned to one IAM Identity Center application " +
			"instance: who may use the application. Use it to audit with `terraform plan` the assignments nobody declared, " +
			"and to enforce the set.\n\n" +
			"**Refresh reports every assignment.** `user_ids` and `group_ids` in state are what the API lists. An " +
			"assignment made outside Terraform makes the plan show a change that removes its principal, and " +
			"`terraform plan -detailed-exitcode` exits with 2.\n\n" +
			"**Apply creates the missing declared assignments, and deletes exactly the removals the plan showed.** " +
			"The plan warns with the list of assignments apply deletes. An assignment made after the plan, even with a " +
			"saved plan, is kept, with a warning, and shows in the next plan. A plan that cannot list the application " +
			"instance fails: a plan that cannot name what apply deletes is refused. When `user_ids` or `group_ids` is " +
			"not known until apply, the plan warns naming every assignment that apply deletes unless the final sets hold " +
			"its principal, and apply deletes no other.\n\n" +
			"**Creating deletes nothing.** A plan that creates the resource shows no removals, so the assignments that " +
			"it does not declare stay, with a warning naming them, and the next plan shows them as removals to review. " +
			"To review and delete them in one apply, import the resource instead of creating it.\n\n" +
			"**Destroying this resource deletes nothing.** It only stops managing the set: every assignment stays.\n\n" +
			"**Together with `identitycenter_application_assignment`.** Both can manage the same application instance; " +
			"the principal of every `identitycenter_application_assignment` on it must also be declared here, or " +
			"applying this resource deletes that assignment. When both create it in one apply, through the same provider " +
			"configuration, whichever comes second is answered 409, and both record it. A plan that deletes an " +
			"assignment whose principal this resource declares warns, on whichever of the two resources Terraform " +
			"plans second. " + plannedChangesReach + "\n\n" + assignmentsIndependent,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<instance_id>/<application_instance_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the IAM Identity Center instance. Changing it replaces the resource.",
				Required:            true,
				Validators:          idValidators(),
				PlanModifiers:       replace,
			},
			"application_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the application instance; it starts with `app-ins-`. Changing it replaces the resource.",
				Required:            true,
				Validators:          applicationInstanceIDValidators(),
				PlanModifiers:       replace,
			},
			"user_ids":  principals("users"),
			"group_ids": principals("groups"),
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeouts(ctx, "Defaults: create `20m`, read `5m`, update `20m`.", timeouts.Opts{
				Create:            true,
				Read:              true,
				Update:            true,
				CreateDescription: "How long creating may take, every assignment created and retry included. Defaults to `20m`." + timeoutsRule,
				ReadDescription:   readTimeoutDescription,
				UpdateDescription: "How long enforcing the set may take, every assignment created or deleted and retry included. Defaults to `20m`." + timeoutsRule,
			}),
		},
	}
}

func (r *ApplicationAssignmentsExclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.plans = plansFrom(req.ProviderData, &resp.Diagnostics)
	r.creates = createsFrom(req.ProviderData, &resp.Diagnostics)
}

// The rules this resource keeps, those of the profiles' exclusive resource:
//
//   - Every deletion is a line of the reviewed plan. Update deletes exactly
//     the principals that leave user_ids or group_ids between the prior
//     state and the plan, which the plan shows as removals: the prior state
//     is what refresh read from the API, and apply receives it unchanged,
//     so apply and reviewer work from the same list. An assignment made
//     after the plan is kept, with a warning, and shows in the next plan.
//   - Create deletes nothing, since a plan that creates shows no removals;
//     the plan after it names them. Create does assign the declared
//     principals that are missing: creating is what the plan shows, and
//     loses nobody's access.
//   - A plan that cannot name what apply will delete fails: when the API
//     cannot be listed, or the application instance is unknown at plan
//     time. With user_ids or group_ids unknown, the plan warns naming every
//     assignment apply may delete.
//
// ModifyPlan enforces the plan side; Create and Update, the apply side.
// Within apply, creates come before deletes, so that a failure part way
// leaves more access rather than less.

// ModifyPlan fills id and, when apply is going to run, lists the
// application instance once, to name the assignments apply will delete and
// create.
func (r *ApplicationAssignmentsExclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan ApplicationAssignmentsExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var prior *ApplicationAssignmentsExclusiveResourceModel
	if !req.State.Raw.IsNull() {
		prior = &ApplicationAssignmentsExclusiveResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.InstanceID.IsUnknown() || plan.ApplicationInstanceID.IsUnknown() {
		if prior != nil {
			// A replacement, which only forgets the old set. Terraform plans
			// its create next, with no prior state, and that plan fails below.
			return
		}
		resp.Diagnostics.AddError("Application instance unknown at plan time",
			"instance_id and application_instance_id must be known when planning, so that the plan can name every "+
				"assignment a later apply deletes. Set them from values known before apply, or apply the resources they "+
				"come from first (terraform apply -target).")
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.composeID())...)
	if declared, known := plan.declared(ctx, &resp.Diagnostics); known {
		for _, p := range declared {
			r.plans.declare(plan.assignmentID(p), assignmentWarnings, &resp.Diagnostics)
		}
	}
	if r.client == nil {
		return
	}
	if prior != nil && prior.composeID() == plan.composeID() && prior.UserIDs.Equal(plan.UserIDs) && prior.GroupIDs.Equal(plan.GroupIDs) {
		return
	}
	if prior != nil && prior.composeID() != plan.composeID() {
		// Replacing forgets the old set, deleting nothing, and creates the new.
		prior = nil
	}

	ctx, cancel := withTimeout(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	listed, err := r.listPrincipals(ctx, plan)
	switch {
	case identitycenter.IsNotFound(err):
		resp.Diagnostics.AddAttributeWarning(path.Root("application_instance_id"), "Application instance not found: apply will fail",
			plan.applicationInstanceNotFoundDetail())
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot list the application assignments at plan time",
			fmt.Sprintf("Listing application instance %s failed, so the plan cannot name the assignments apply would delete. "+
				"A plan that cannot name its deletions is refused; plan again once the API answers.\n\n%s",
				plan.composeID(), apiErrorDetail(err)))
		return
	}

	declared, known := plan.declared(ctx, &resp.Diagnostics)
	if known {
		if creations := without(declared, listed); len(creations) > 0 {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Apply will assign %s", assignmentCount(len(creations))),
				fmt.Sprintf("Application instance %s lacks %s that the configuration declares, and apply will create %s: %s.",
					plan.ApplicationInstanceID.ValueString(), assignmentCount(len(creations)), pronounOf(len(creations)),
					strings.Join(creations, ", ")))
		}
	}
	if prior == nil {
		if undeclared := without(listed, declared); known && len(undeclared) > 0 {
			resp.Diagnostics.AddWarning("Creating deletes no assignment",
				fmt.Sprintf("Application instance %s has %s that user_ids and group_ids do not declare: %s. Creating the "+
					"resource deletes none of them. The next plan shows %s as removals, for review, and the apply of that "+
					"plan deletes %s. To review and delete them in one apply, import the resource (an import block with "+
					"id = %q) instead of creating it.",
					plan.ApplicationInstanceID.ValueString(), assignmentCount(len(undeclared)), strings.Join(undeclared, ", "),
					pronounOf(len(undeclared)), pronounOf(len(undeclared)), plan.composeID()))
		}
		return
	}

	recorded, priorKnown := prior.declared(ctx, &resp.Diagnostics)
	switch {
	case !priorKnown:
	case !known:
		resp.Diagnostics.AddWarning("Apply may delete assignments",
			fmt.Sprintf("user_ids or group_ids is not known until apply. Apply will delete every assignment of application "+
				"instance %s that refresh found and that they do not end up holding: %s. An assignment made after this plan is kept.",
				plan.ApplicationInstanceID.ValueString(), strings.Join(recorded, ", ")))
	default:
		if removals := without(recorded, declared); len(removals) > 0 {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Apply will delete %s", assignmentCount(len(removals))),
				fmt.Sprintf("Application instance %s of Identity Center instance %s has %s that user_ids and group_ids do "+
					"not declare, and apply will delete %s: %s. Each loses access to the application. To keep one, add it "+
					"to user_ids or group_ids.",
					plan.ApplicationInstanceID.ValueString(), plan.InstanceID.ValueString(), assignmentCount(len(removals)),
					pronounOf(len(removals)), strings.Join(removals, ", ")))
			for _, removal := range removals {
				r.plans.remove(plan.assignmentID(removal), assignmentWarnings, &resp.Diagnostics)
			}
		}
	}
}

func (r *ApplicationAssignmentsExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationAssignmentsExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	declared, listed, ok := r.listForApply(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	// The plan showed no removals, so none happen here: see the rules above.
	if undeclared := without(listed, declared); len(undeclared) > 0 {
		resp.Diagnostics.AddWarning("Undeclared assignments kept",
			fmt.Sprintf("Application instance %s has %s that user_ids and group_ids do not declare: %s. Creating the resource "+
				"deleted none of them; the next plan shows %s as removals, for review.",
				plan.ApplicationInstanceID.ValueString(), assignmentCount(len(undeclared)), strings.Join(undeclared, ", "),
				pronounOf(len(undeclared))))
	}
	if _, ok := r.enforce(ctx, plan, listed, without(declared, listed), nil,
		"No state was recorded; apply again, and the assignments made so far are found and kept.", &resp.Diagnostics); !ok {
		return
	}
	plan.ID = types.StringValue(plan.composeID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *ApplicationAssignmentsExclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ApplicationAssignmentsExclusiveResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	listed, err := r.listPrincipals(ctx, state)
	if identitycenter.IsNotFound(err) {
		// The plan then shows the resource to be created again, which an
		// audit sees as a change, and which fails while it is missing.
		tflog.Warn(ctx, "application instance not found, removing it from state", map[string]any{"id": state.composeID()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application assignments", apiErrorDetail(err))
		return
	}
	state.ID = types.StringValue(state.composeID())
	state.setPrincipals(ctx, listed, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update creates the declared assignments that are missing and deletes the
// removals the plan showed: the principals of the prior state that the
// plan no longer holds. See the rules above.
func (r *ApplicationAssignmentsExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior ApplicationAssignmentsExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	recorded, known := prior.declared(ctx, &resp.Diagnostics)
	if !known {
		resp.Diagnostics.AddError("Unknown principals in state",
			"The prior state holds no known user_ids and group_ids, so apply cannot tell which removals the plan showed. "+
				"Nothing was changed. Please report this issue to the provider developers.")
		return
	}
	declared, listed, ok := r.listForApply(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	removals := without(recorded, declared)
	if kept := without(without(listed, declared), removals); len(kept) > 0 {
		resp.Diagnostics.AddWarning("Assignments made after the plan were kept",
			fmt.Sprintf("Application instance %s has %s that the plan did not show: %s. Apply deletes only what the plan "+
				"named, so %s stayed; the next plan shows %s as removals, for review.",
				plan.ApplicationInstanceID.ValueString(), assignmentCount(len(kept)), strings.Join(kept, ", "),
				pronounOf(len(kept)), pronounOf(len(kept))))
	}
	if current, ok := r.enforce(ctx, plan, listed, without(declared, listed), removals,
		"State records the assignments as they now stand; apply again to make the rest.", &resp.Diagnostics); !ok {
		// Record the assignments as they now stand, so that the next plan
		// shows what is left to do.
		plan.setPrincipals(ctx, current, &resp.Diagnostics)
	}
	plan.ID = types.StringValue(plan.composeID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete only forgets the set: the assignments stay, because destroying an
// audit must not remove access from anyone.
func (r *ApplicationAssignmentsExclusiveResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state ApplicationAssignmentsExclusiveResourceModel
	if diags := req.State.Get(ctx, &state); !diags.HasError() {
		tflog.Info(ctx, "no longer managing the application assignments; every assignment stays in place",
			map[string]any{"id": state.composeID()})
	}
}

func (r *ApplicationAssignmentsExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importApplicationInstance(ctx, req, resp)
}

// importApplicationInstance imports an exclusive resource by
// <instance_id>/<application_instance_id>; the read that follows fills the
// set.
func importApplicationInstance(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, err := splitImportID(req.ID, exclusiveImportForm, 2)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	for attr, value := range map[string]string{"id": req.ID, "instance_id": ids[0], "application_instance_id": ids[1]} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), value)...)
	}
}

// listForApply lists the application instance for apply, under the rule
// of creates (identitycenter.UntouchedList): a walk of this apply that no
// delete of this provider process touched, such as the one its plan made,
// serves when it holds every declared principal; otherwise a walk that
// starts now. It returns the declared and the listed principals, and
// false, with an error in diags, when apply must not go on.
func (r *ApplicationAssignmentsExclusiveResource) listForApply(ctx context.Context, m ApplicationAssignmentsExclusiveResourceModel, diags *diag.Diagnostics) (declared, listed []string, ok bool) {
	declared, known := m.declared(ctx, diags)
	if !known {
		diags.AddError("Unknown principals at apply",
			"user_ids and group_ids must be known when applying. Please report this issue to the provider developers.")
		return nil, nil, false
	}
	principals := make([]identitycenter.Principal, len(declared))
	for i, p := range declared {
		typ, id, _ := strings.Cut(p, " ")
		principals[i] = identitycenter.Principal{Type: typ, ID: id}
	}
	assignments, err := r.client.ListAssignmentsHolding(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(),
		principals, identitycenter.UntouchedList)
	switch {
	case identitycenter.IsNotFound(err):
		diags.AddAttributeError(path.Root("application_instance_id"), "Application instance not found",
			m.applicationInstanceNotFoundDetail()+" Nothing was changed.")
		return nil, nil, false
	case err != nil:
		diags.AddError("Cannot list the application assignments", apiErrorDetail(err)+"\n\nNothing was changed.")
		return nil, nil, false
	}
	return declared, principalsOf(assignments), true
}

// enforce creates creations, then deletes each of removals that listed
// still holds. It returns the principals assigned as far as it knows, and
// false, with an error in diags that ends with afterFailure, at the first
// change the API refuses.
//
// A create answered 409 counts as done only once a list made after it
// shows the principal: 409 is the API's answer to a duplicate, but its
// IIC.1007 also means "data modification failed", and no delete may follow
// a create that failed.
func (r *ApplicationAssignmentsExclusiveResource) enforce(ctx context.Context, m ApplicationAssignmentsExclusiveResourceModel, listed, creations, removals []string, afterFailure string, diags *diag.Diagnostics) ([]string, bool) {
	instanceID, appID := m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString()
	current := slices.Clone(listed)
	done := 0
	failed := func(verb, principal, detail string) ([]string, bool) {
		diags.AddError(fmt.Sprintf("Cannot %s an application assignment", verb),
			fmt.Sprintf("Applying %s failed at %s, after %d of %d changes. %s\n\n%s",
				m.composeID(), principal, done, len(creations)+len(removals), afterFailure, detail))
		return current, false
	}
	assigned := func(p string) {
		tflog.Info(ctx, "assigned declared principal", map[string]any{"id": m.composeID(), "principal": p})
		current = append(current, p)
		done++
	}
	// The creates answered 409, each with its answer, until a list confirms them.
	type conflict struct {
		principal string
		err       error
	}
	var conflicts []conflict
	for _, p := range creations {
		typ, id, _ := strings.Cut(p, " ")
		finish := r.creates.start(m.assignmentID(p))
		err := r.client.CreateAssignment(ctx, instanceID, appID, typ, id)
		// Only a create the API confirmed counts: after a lost answer, the
		// 409 of the retry may be someone else's assignment.
		finish(err == nil)
		switch {
		case identitycenter.IsAlreadyAssigned(err):
			conflicts = append(conflicts, conflict{p, err})
		case err != nil:
			return failed("create", p, apiErrorDetail(err))
		default:
			assigned(p)
		}
	}
	if len(conflicts) > 0 {
		after, err := r.listPrincipals(ctx, m)
		if err != nil {
			c := conflicts[0]
			return failed("create", c.principal, unconfirmedConflictDetail(c.principal, c.err, err))
		}
		for _, c := range conflicts {
			if !slices.Contains(after, c.principal) {
				return failed("create", c.principal, unconfirmedConflictDetail(c.principal, c.err, nil))
			}
			assigned(c.principal)
		}
	}
	for _, p := range removals {
		fields := map[string]any{"id": m.composeID(), "principal": p}
		if !slices.Contains(current, p) {
			tflog.Info(ctx, "planned removal was already deleted", fields)
			done++
			continue
		}
		typ, id, _ := strings.Cut(p, " ")
		err := r.client.DeleteAssignment(ctx, instanceID, appID, typ, id)
		if err != nil && !identitycenter.IsNotFound(err) {
			return failed("delete", p, apiErrorDetail(err))
		}
		tflog.Info(ctx, "deleted undeclared assignment", fields)
		current = slices.DeleteFunc(current, func(kept string) bool { return kept == p })
		done++
	}
	return current, true
}

// listPrincipals lists the principals assigned to the application
// instance, as "USER <id>" or "GROUP <id>", in the API's order, each once.
// An instance or application instance that the API does not know gives an
// error for which identitycenter.IsNotFound is true.
func (r *ApplicationAssignmentsExclusiveResource) listPrincipals(ctx context.Context, m ApplicationAssignmentsExclusiveResourceModel) ([]string, error) {
	assignments, err := r.client.ListAssignments(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString())
	if err != nil {
		return nil, err
	}
	return principalsOf(assignments), nil
}

// principalsOf names the principals of assignments, in order, each once.
func principalsOf(assignments []identitycenter.Assignment) []string {
	keys := make([]string, 0, len(assignments))
	seen := make(map[string]bool, len(assignments))
	for _, a := range assignments {
		if k := principalOf(a.PrincipalType, a.PrincipalID); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// principalOf names a principal as messages show it, "USER <id>": IDs hold
// no white space, so the name splits back at its first space.
func principalOf(principalType, principalID string) string {
	return principalType + " " + principalID
}

// declared returns the principals of user_ids and group_ids, and false
// while either is unknown.
func (m ApplicationAssignmentsExclusiveResourceModel) declared(ctx context.Context, diags *diag.Diagnostics) ([]string, bool) {
	var all []string
	for typ, set := range map[string]types.Set{identitycenter.PrincipalUser: m.UserIDs, identitycenter.PrincipalGroup: m.GroupIDs} {
		if set.IsNull() {
			continue
		}
		ids, known := knownStrings(ctx, set, diags)
		if !known {
			return nil, false
		}
		for _, id := range ids {
			all = append(all, principalOf(typ, id))
		}
	}
	slices.Sort(all)
	return all, true
}

// setPrincipals sets user_ids and group_ids to principals.
func (m *ApplicationAssignmentsExclusiveResourceModel) setPrincipals(ctx context.Context, principals []string, diags *diag.Diagnostics) {
	users, groups := []string{}, []string{}
	for _, p := range principals {
		typ, id, _ := strings.Cut(p, " ")
		if typ == identitycenter.PrincipalGroup {
			groups = append(groups, id)
		} else {
			users = append(users, id)
		}
	}
	m.UserIDs, m.GroupIDs = setOf(ctx, users, diags), setOf(ctx, groups, diags)
}

// assignmentID is the ID of the identitycenter_application_assignment that
// holds principal, the form plannedChanges and exclusiveCreates compare.
func (m ApplicationAssignmentsExclusiveResourceModel) assignmentID(principal string) string {
	typ, id, _ := strings.Cut(principal, " ")
	return ApplicationAssignmentResourceModel{InstanceID: m.InstanceID, ApplicationInstanceID: m.ApplicationInstanceID,
		PrincipalType: types.StringValue(typ), PrincipalID: types.StringValue(id)}.composeID()
}

func (m ApplicationAssignmentsExclusiveResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString()
}

func (m ApplicationAssignmentsExclusiveResourceModel) applicationInstanceNotFoundDetail() string {
	return applicationInstanceNotFoundDetail(m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), resourceBlock)
}

func assignmentCount(n int) string {
	if n == 1 {
		return "1 assignment"
	}
	return fmt.Sprintf("%d assignments", n)
}
