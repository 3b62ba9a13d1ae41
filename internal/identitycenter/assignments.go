package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Principal types of an application assignment.
const (
	PrincipalUser  = "USER"
	PrincipalGroup = "GROUP"
)

// AssignmentPageSize is the limit every list page asks for, the API's
// largest, as the Huawei Terraform provider reads.
const AssignmentPageSize = 100

// Assignment is one user or group (a principal) assigned to an application
// instance. The API documents no link between an assignment and a profile.
type Assignment struct {
	PrincipalID    string `json:"principal_id"`
	PrincipalType  string `json:"principal_type"`
	ApplicationURN string `json:"application_urn"`
}

// IsAlreadyAssigned reports whether err may be the API's answer to
// creating an assignment that exists: a 409 other than IIC.1006, the
// concurrency conflict that is retried. The code of a duplicate is not
// published, and IIC.1007 also means "data modification failed", so the
// caller confirms it with a list before counting the assignment as made.
func IsAlreadyAssigned(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict {
		return false
	}
	code, _ := serviceCode(apiErr.ErrorCode)
	return code != concurrencyConflict
}

// MayHaveAssigned reports whether err, for which IsAlreadyAssigned is true,
// answered a retry of the create after an attempt that was sent and got no
// answer, or a 502 or 504 from the gateway: that attempt may have made the
// assignment, and the 409 may be the API refusing to make it twice.
func MayHaveAssigned(err error) bool {
	return errors.As(err, new(conflictAfterUnseenEffect))
}

// conflictAfterUnseenEffect is a 409 that answered a retried create; see
// MayHaveAssigned.
type conflictAfterUnseenEffect struct{ error }

func (e conflictAfterUnseenEffect) Unwrap() error { return e.error }

// Principal names an assignment within its application instance: a user
// or a group.
type Principal struct{ Type, ID string }

func (a Assignment) principal() Principal { return Principal{a.PrincipalType, a.PrincipalID} }

// ListAssignments returns every assignment of an application instance, from
// all pages, in the API's order, from a walk that started after the call:
// concurrent calls about one application instance share a walk, but never
// one that was already on its way when they were made. The slice is the
// caller's own.
func (c *Client) ListAssignments(ctx context.Context, instanceID, applicationInstanceID string) ([]Assignment, error) {
	return c.ListAssignmentsHolding(ctx, instanceID, applicationInstanceID, nil, FreshList)
}

// ListAssignmentsHolding returns every assignment of an application
// instance, as ListAssignments does, from a walk that recency allows and
// that holds each of principals; when none does, from a walk that started
// after the call, so that a principal it lacks was not assigned after the
// call.
func (c *Client) ListAssignmentsHolding(ctx context.Context, instanceID, applicationInstanceID string, principals []Principal, recency Recency) ([]Assignment, error) {
	if err := checkIDs(instanceID, applicationInstanceID); err != nil {
		return nil, err
	}
	return c.assignmentLists.listHolding(ctx, listKey{instanceID, applicationInstanceID}, principals, recency)
}

// FindAssignment looks up one assignment of an application instance in a
// walk that recency allows, as FindProfile does. A principal that is not
// assigned, and an instance or application instance that the API does not
// know, give a *NotFoundError.
func (c *Client) FindAssignment(ctx context.Context, instanceID, applicationInstanceID, principalType, principalID string, recency Recency) (Assignment, error) {
	if err := checkIDs(instanceID, applicationInstanceID, principalID); err != nil {
		return Assignment{}, err
	}
	k := listKey{instanceID, applicationInstanceID}
	p := Principal{principalType, principalID}
	return c.assignmentLists.find(ctx, k, p, recency, assignmentObject(k, p))
}

func assignmentObject(k listKey, p Principal) string {
	return fmt.Sprintf("assignment of %s %s to application instance %s of instance %s",
		strings.ToLower(p.Type), p.ID, k.applicationInstanceID, k.instanceID)
}

// ApplicationURN returns the URN the list reports with the assignments of
// an application instance, for the principal just assigned. The API
// reports the application's URN with each of its assignments, so any walk
// that UntouchedList allows and that holds an assignment answers: the
// creates of one application instance share one walk, and none reads a
// walk that a delete of this process touched. The principal's own entry
// is used when the walk holds it; a walk that holds no assignment at all
// is one that started after the call, and then the principal is not
// found.
func (c *Client) ApplicationURN(ctx context.Context, instanceID, applicationInstanceID, principalType, principalID string) (string, error) {
	if err := checkIDs(instanceID, applicationInstanceID, principalID); err != nil {
		return "", err
	}
	k := listKey{instanceID, applicationInstanceID}
	p := Principal{principalType, principalID}
	answer, err := c.assignmentLists.answer(ctx, k, UntouchedList, func(a *listAnswer[Assignment, Principal]) bool {
		return len(a.items) > 0
	})
	switch {
	case IsNotFound(err):
		return "", &NotFoundError{Object: assignmentObject(k, p), Err: err}
	case err != nil:
		return "", c.assignmentLists.stoppedWaiting(ctx, k, err)
	case len(answer.items) == 0:
		return "", &NotFoundError{Object: assignmentObject(k, p)}
	}
	if a, ok := answer.find(p); ok {
		return a.ApplicationURN, nil
	}
	return answer.items[0].ApplicationURN, nil
}

// CreateAssignment assigns a principal. An existing assignment gives an
// error for which IsAlreadyAssigned is true, and MayHaveAssigned too when
// an earlier attempt of the call may have made it. Unlike a delete, a create
// leaves the shared walks alone: it makes no "assigned" answer false, and
// "not assigned" only ever comes from a walk that started after the
// question.
func (c *Client) CreateAssignment(ctx context.Context, instanceID, applicationInstanceID, principalType, principalID string) error {
	return c.changeAssignment(ctx, assignmentCreate, instanceID, applicationInstanceID, principalType, principalID)
}

// DeleteAssignment removes an assignment. One that does not exist gives an
// error for which IsNotFound is true. The application instance's walk is
// forgotten when the delete starts and again when it ends, so that no walk
// made before or during the change is served afterwards, nor read back by a
// create (see sharedLists).
func (c *Client) DeleteAssignment(ctx context.Context, instanceID, applicationInstanceID, principalType, principalID string) error {
	return c.changeAssignment(ctx, assignmentDelete, instanceID, applicationInstanceID, principalType, principalID)
}

// assignmentChange is the last segment of a create or delete path.
type assignmentChange string

const (
	assignmentCreate assignmentChange = "create"
	assignmentDelete assignmentChange = "delete"
)

// changeAssignment sends a create or a delete; a delete forgets the
// application instance's walks around it.
func (c *Client) changeAssignment(ctx context.Context, change assignmentChange, instanceID, applicationInstanceID, principalType, principalID string) error {
	if err := checkIDs(instanceID, applicationInstanceID, principalID); err != nil {
		return err
	}
	if principalType != PrincipalUser && principalType != PrincipalGroup {
		return fmt.Errorf("principal type %q is neither %s nor %s", principalType, PrincipalUser, PrincipalGroup)
	}
	body, err := json.Marshal(struct {
		PrincipalID   string `json:"principal_id"`
		PrincipalType string `json:"principal_type"`
	}{principalID, principalType})
	if err != nil {
		return err
	}
	k := listKey{instanceID, applicationInstanceID}
	send := func(ctx context.Context) error {
		_, err := c.doWith(ctx, http.MethodPost, payload{body: body}, append(assignmentSegments(k), string(change))...)
		return err
	}
	if change == assignmentDelete {
		return c.assignmentLists.whileDeleting(k, func() error { return send(ctx) })
	}
	create := apiURL(c.endpoint, append(assignmentSegments(k), string(change))...)
	ctx, unseen := watchUnseenEffects(ctx, http.MethodPost, create.Path)
	err = send(ctx)
	if IsAlreadyAssigned(err) && unseen.Load() {
		return conflictAfterUnseenEffect{err}
	}
	return err
}

// assignmentKind is what the assignment walks are.
func (c *Client) assignmentKind() listKind[Assignment, Principal] {
	return listKind[Assignment, Principal]{
		name:  "assignments",
		fetch: c.walkAssignments,
		keyOf: Assignment.principal,
		path:  assignmentSegments,
	}
}

func assignmentSegments(k listKey) []string {
	return []string{"v1", "instances", k.instanceID, "applications", k.applicationInstanceID, "assignments"}
}

// walkAssignments follows every page of an application instance's list.
// The API's markers are opaque; one seen twice would make the walk endless,
// so it is an error.
func (c *Client) walkAssignments(ctx context.Context, k listKey) ([]Assignment, error) {
	segments := assignmentSegments(k)
	all := []Assignment{}
	seen := map[string]bool{}
	marker := ""
	for {
		query := url.Values{"limit": {strconv.Itoa(AssignmentPageSize)}}
		if marker != "" {
			query.Set("marker", marker)
		}
		body, err := c.doWith(ctx, http.MethodGet, payload{query: query}, segments...)
		if err != nil {
			return nil, err
		}
		page, next, err := DecodeAssignmentPage(body)
		if err != nil {
			return nil, fmt.Errorf("GET /%s: %w", strings.Join(segments, "/"), err)
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		if seen[next] {
			return nil, fmt.Errorf("GET /%s: the API gave next_marker %q twice", strings.Join(segments, "/"), next)
		}
		seen[next], marker = true, next
	}
}

// assignmentPage is ListApplicationAssignments's answer.
type assignmentPage struct {
	Assignments json.RawMessage `json:"application_assignments"`
	PageInfo    *struct {
		NextMarker *string `json:"next_marker"`
	} `json:"page_info"`
}

// DecodeAssignmentPage reads one page of a successful list answer and the
// marker of the next page, empty on the last one (null or absent). An
// answer without the list is an error rather than an empty page, because
// reading it as empty would drop assignments from state.
func DecodeAssignmentPage(body []byte) ([]Assignment, string, error) {
	var page assignmentPage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, "", fmt.Errorf("the answer is not the expected JSON: %w", err)
	}
	if page.Assignments == nil {
		return nil, "", errors.New("the answer has no application_assignments list")
	}
	// A null list, like the profile list's, is read as empty.
	assignments := []Assignment{}
	if err := json.Unmarshal(page.Assignments, &assignments); err != nil {
		return nil, "", fmt.Errorf("application_assignments is not a list of assignments: %w", err)
	}
	for i, a := range assignments {
		if a.PrincipalID == "" {
			return nil, "", fmt.Errorf("application_assignments[%d] has no principal_id", i)
		}
		if a.PrincipalType != PrincipalUser && a.PrincipalType != PrincipalGroup {
			return nil, "", fmt.Errorf("application_assignments[%d] has principal_type %q, neither %s nor %s",
				i, a.PrincipalType, PrincipalUser, PrincipalGroup)
		}
	}
	next := ""
	if page.PageInfo != nil && page.PageInfo.NextMarker != nil {
		next = *page.PageInfo.NextMarker
	}
	if assignments == nil {
		assignments = []Assignment{}
	}
	return assignments, next, nil
}
