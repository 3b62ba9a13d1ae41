package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
)

// AppInstancePrefix starts every application instance ID; the real API
// rejects any other with 400.
const AppInstancePrefix = ids.ApplicationInstancePrefix

// Defaults the real API reports for a profile created without a name or
// status.
const (
	DefaultProfileName   = "Default"
	DefaultProfileStatus = "ENABLED"
)

// Profile is one association between an application instance and a user or
// group.
type Profile struct {
	ProfileID string `json:"profile_id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
}

// ApplicationInstance holds its profiles in the order the API lists them.
type ApplicationInstance struct {
	ApplicationInstanceID string    `json:"application_instance_id"`
	Profiles              []Profile `json:"profiles"`
	// Assignments are the users and groups assigned to the application
	// instance, in the order the API lists them; independent of Profiles.
	Assignments []Assignment `json:"assignments,omitempty"`
}

// Instance is an IAM Identity Center instance.
type Instance struct {
	InstanceID           string                `json:"instance_id"`
	ApplicationInstances []ApplicationInstance `json:"application_instances"`
}

// Seed is the store's content and the account it belongs to, also the seed
// file format:
//
//	{"domain_id":"...","domain_name":"...","instances":[{"instance_id":"...","application_instances":[{"application_instance_id":"app-ins-...","profiles":[{"profile_id":"p-...","name":"Default","status":"ENABLED"}],"assignments":[{"principal_id":"...","principal_type":"USER"}]}]}]}
//
// The domain fields are optional: without them the account is
// DefaultDomainID, DefaultDomainName. The credential fields, also optional,
// are described with Agency (see credentials.go).
type Seed struct {
	DomainID   string `json:"domain_id,omitempty"`
	DomainName string `json:"domain_name,omitempty"`
	SeedCredentials
	Instances []Instance `json:"instances"`
}

// LoadSeed reads a seed file. Unknown fields are rejected so that a typo in
// a hand-written file is reported rather than silently producing an empty
// store.
func LoadSeed(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("seed file: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Seed{}, fmt.Errorf("seed file %s: the file is empty", path)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var seed Seed
	if err := dec.Decode(&seed); err != nil {
		return Seed{}, fmt.Errorf("seed file %s: %w", path, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Seed{}, fmt.Errorf("seed file %s: unexpected data after the JSON object", path)
	}
	if err := seed.Validate(); err != nil {
		return Seed{}, fmt.Errorf("seed file %s: %w", path, err)
	}
	return seed, nil
}

// Validate reports every problem in s at once, each located by its JSON path.
// IDs must be addressable in a URL path, so they may not contain a slash.
// Missing names and statuses are not errors: New fills in the API defaults.
func (s Seed) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf(format, args...))
	}
	if msg := idProblem(s.DomainID); s.DomainID != "" && msg != "" {
		bad("domain_id: %s", msg)
	}
	errs = append(errs, s.validate()...)
	instances := make(map[string]int, len(s.Instances))
	for i, inst := range s.Instances {
		at := fmt.Sprintf("instances[%d]", i)
		if msg := idProblem(inst.InstanceID); msg != "" {
			bad("%s.instance_id: %s", at, msg)
		} else if prev, dup := instances[inst.InstanceID]; dup {
			bad("%s.instance_id: duplicate %q, first at instances[%d]", at, inst.InstanceID, prev)
		} else {
			instances[inst.InstanceID] = i
		}
		apps := make(map[string]int, len(inst.ApplicationInstances))
		for j, app := range inst.ApplicationInstances {
			at := fmt.Sprintf("%s.application_instances[%d]", at, j)
			id := app.ApplicationInstanceID
			if msg := idProblem(id); msg != "" {
				bad("%s.application_instance_id: %s", at, msg)
			} else if !strings.HasPrefix(id, AppInstancePrefix) {
				bad("%s.application_instance_id: %q does not start with %q", at, id, AppInstancePrefix)
			} else if prev, dup := apps[id]; dup {
				bad("%s.application_instance_id: duplicate %q, first at application_instances[%d]", at, id, prev)
			} else {
				apps[id] = j
			}
			profiles := make(map[string]int, len(app.Profiles))
			for k, p := range app.Profiles {
				at := fmt.Sprintf("%s.profiles[%d]", at, k)
				if msg := idProblem(p.ProfileID); msg != "" {
					bad("%s.profile_id: %s", at, msg)
				} else if prev, dup := profiles[p.ProfileID]; dup {
					bad("%s.profile_id: duplicate %q, first at profiles[%d]", at, p.ProfileID, prev)
				} else {
					profiles[p.ProfileID] = k
				}
			}
			validateAssignments(at, app.Assignments, bad)
		}
	}
	return errors.Join(errs...)
}

// idProblem applies the rule of internal/ids, which the client and the
// provider apply too, so that the mock never serves an ID they refuse.
func idProblem(id string) string {
	if err := ids.Check(id); err != nil {
		return err.Error()
	}
	return ""
}

// Principal types of an assignment.
const (
	PrincipalUser  = "USER"
	PrincipalGroup = "GROUP"
)

// Assignment is one principal assigned to an application instance.
type Assignment struct {
	PrincipalID   string `json:"principal_id"`
	PrincipalType string `json:"principal_type"`
}

func principalTypeProblem(t string) string {
	if t != PrincipalUser && t != PrincipalGroup {
		return fmt.Sprintf("%q is neither %s nor %s", t, PrincipalUser, PrincipalGroup)
	}
	return ""
}

// validateAssignments reports, through bad, each assignment of a seed's
// application instance at that is malformed or given twice.
func validateAssignments(at string, assignments []Assignment, bad func(string, ...any)) {
	seen := make(map[Assignment]int, len(assignments))
	for i, a := range assignments {
		at := fmt.Sprintf("%s.assignments[%d]", at, i)
		if msg := idProblem(a.PrincipalID); msg != "" {
			bad("%s.principal_id: %s", at, msg)
		} else if msg := principalTypeProblem(a.PrincipalType); msg != "" {
			bad("%s.principal_type: %s", at, msg)
		} else if prev, dup := seen[a]; dup {
			bad("%s: duplicate %s %q, first at assignments[%d]", at, a.PrincipalType, a.PrincipalID, prev)
		} else {
			seen[a] = i
		}
	}
}
