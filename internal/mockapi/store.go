package mockapi

import (
	"encoding/json"
	"slices"
	"sort"
)

// store keeps everything in insertion order, with maps for lookups. It is
// not safe for concurrent use; Server guards it.
type store struct {
	instances []*instanceEntry
	byID      map[string]*instanceEntry
}

type instanceEntry struct {
	id   string
	apps []*appEntry
	byID map[string]*appEntry
}

// appEntry keeps deleted profiles as tombstones so that a delete is O(1)
// and positions in index stay valid; compact reclaims them once they
// outnumber the live profiles, keeping deletes amortised O(1) and lists
// proportional to the live count.
type appEntry struct {
	id       string
	profiles []profileEntry
	index    map[string]int
	dead     int
	// assignments are independent of profiles, as in the API.
	assignments assignmentList
}

type profileEntry struct {
	Profile
	deleted bool
	// wire is the profile as the list operation renders it, built once on
	// insert so that listing is a copy of bytes.
	wire []byte
}

// wireProfile is ApplicationProfileDto, in the field order of the API pages.
type wireProfile struct {
	Name      string `json:"name"`
	Status    string `json:"status"`
	ProfileID string `json:"profile_id"`
}

func newStore() *store {
	return &store{byID: make(map[string]*instanceEntry)}
}

func withDefaults(p Profile) Profile {
	if p.Name == "" {
		p.Name = DefaultProfileName
	}
	if p.Status == "" {
		p.Status = DefaultProfileStatus
	}
	return p
}

func newProfileEntry(p Profile) profileEntry {
	p = withDefaults(p)
	wire, err := json.Marshal(wireProfile{Name: p.Name, Status: p.Status, ProfileID: p.ProfileID})
	if err != nil {
		// Marshalling three strings cannot fail.
		panic(err)
	}
	return profileEntry{Profile: p, wire: wire}
}

func (s *store) app(instanceID, appID string) *appEntry {
	inst := s.byID[instanceID]
	if inst == nil {
		return nil
	}
	return inst.byID[appID]
}

func (s *store) ensureInstance(id string) *instanceEntry {
	inst := s.byID[id]
	if inst == nil {
		inst = &instanceEntry{id: id, byID: make(map[string]*appEntry)}
		s.instances = append(s.instances, inst)
		s.byID[id] = inst
	}
	return inst
}

func (inst *instanceEntry) ensureApp(id string) *appEntry {
	app := inst.byID[id]
	if app == nil {
		app = &appEntry{id: id, index: make(map[string]int)}
		inst.apps = append(inst.apps, app)
		inst.byID[id] = app
	}
	return app
}

// put adds p, or replaces the profile with the same ID where it stands. It
// reports whether p is new.
func (a *appEntry) put(p Profile) bool {
	e := newProfileEntry(p)
	if i, ok := a.index[p.ProfileID]; ok {
		a.profiles[i] = e
		return false
	}
	a.index[p.ProfileID] = len(a.profiles)
	a.profiles = append(a.profiles, e)
	return true
}

func (a *appEntry) get(profileID string) (Profile, bool) {
	i, ok := a.index[profileID]
	if !ok {
		return Profile{}, false
	}
	return a.profiles[i].Profile, true
}

func (a *appEntry) remove(profileID string) bool {
	i, ok := a.index[profileID]
	if !ok {
		return false
	}
	delete(a.index, profileID)
	a.profiles[i] = profileEntry{deleted: true}
	a.dead++
	if a.dead > len(a.profiles)/2 {
		a.compact()
	}
	return true
}

func (a *appEntry) compact() {
	live := a.profiles[:0]
	for _, e := range a.profiles {
		if !e.deleted {
			a.index[e.ProfileID] = len(live)
			live = append(live, e)
		}
	}
	clear(a.profiles[len(live):])
	a.profiles = live
	a.dead = 0
}

func (a *appEntry) live() int {
	return len(a.profiles) - a.dead
}

// list copies the live profiles, in order; never nil.
func (a *appEntry) list() []Profile {
	out := make([]Profile, 0, a.live())
	for _, e := range a.profiles {
		if !e.deleted {
			out = append(out, e.Profile)
		}
	}
	return out
}

// appendWire appends the list response body to buf.
func (a *appEntry) appendWire(buf []byte) []byte {
	buf = append(buf, `{"application_profiles":[`...)
	first := true
	for _, e := range a.profiles {
		if e.deleted {
			continue
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, e.wire...)
	}
	return append(buf, "]}"...)
}

// wireSize is an upper bound of the length of the list response body.
func (a *appEntry) wireSize() int {
	n := len(`{"application_profiles":[]}`)
	for _, e := range a.profiles {
		n += len(e.wire) + 1
	}
	return n
}

func (s *store) snapshot() Seed {
	seed := Seed{Instances: make([]Instance, 0, len(s.instances))}
	for _, inst := range s.instances {
		out := Instance{InstanceID: inst.id, ApplicationInstances: make([]ApplicationInstance, 0, len(inst.apps))}
		for _, app := range inst.apps {
			out.ApplicationInstances = append(out.ApplicationInstances, ApplicationInstance{
				ApplicationInstanceID: app.id,
				Profiles:              app.list(),
				Assignments:           app.assignments.list(),
			})
		}
		seed.Instances = append(seed.Instances, out)
	}
	return seed
}

// load adds seed to the store; an instance without application instances
// still exists, so its application instances answer 404 rather than it.
func (s *store) load(seed Seed) {
	for _, inst := range seed.Instances {
		ie := s.ensureInstance(inst.InstanceID)
		for _, app := range inst.ApplicationInstances {
			a := ie.ensureApp(app.ApplicationInstanceID)
			a.profiles = slices.Grow(a.profiles, len(app.Profiles))
			for _, p := range app.Profiles {
				a.put(p)
			}
			for _, as := range app.Assignments {
				a.assignments.put(as)
			}
		}
	}
}

// assignmentList keeps assignments in creation order, each with a sequence
// number that only grows, so that a page marker (the number of the last
// assignment shown) stays valid while assignments come and go: the next
// page starts after it, wherever it now stands. Removal leaves a tombstone
// that compaction reclaims, which keeps the order and the numbers.
type assignmentList struct {
	entries []assignmentEntry
	index   map[Assignment]int
	lastSeq uint64
	dead    int
}

type assignmentEntry struct {
	Assignment
	seq     uint64
	deleted bool
}

// put adds a, and reports false when it was already there.
func (l *assignmentList) put(a Assignment) bool {
	if l.index == nil {
		l.index = make(map[Assignment]int)
	}
	if _, ok := l.index[a]; ok {
		return false
	}
	l.lastSeq++
	l.index[a] = len(l.entries)
	l.entries = append(l.entries, assignmentEntry{Assignment: a, seq: l.lastSeq})
	return true
}

func (l *assignmentList) remove(a Assignment) bool {
	i, ok := l.index[a]
	if !ok {
		return false
	}
	delete(l.index, a)
	l.entries[i].deleted = true
	l.dead++
	if l.dead > len(l.entries)/2 {
		live := l.entries[:0]
		for _, e := range l.entries {
			if !e.deleted {
				l.index[e.Assignment] = len(live)
				live = append(live, e)
			}
		}
		clear(l.entries[len(live):])
		l.entries, l.dead = live, 0
	}
	return true
}

// list copies the live assignments in order; nil when there are none, as
// in a seed without them.
func (l *assignmentList) list() []Assignment {
	var out []Assignment
	for _, e := range l.entries {
		if !e.deleted {
			out = append(out, e.Assignment)
		}
	}
	return out
}

// page returns up to limit live assignments numbered after afterSeq, the
// number of the last one, and whether more follow.
func (l *assignmentList) page(afterSeq uint64, limit int) ([]Assignment, uint64, bool) {
	start := sort.Search(len(l.entries), func(i int) bool { return l.entries[i].seq > afterSeq })
	var out []Assignment
	last := afterSeq
	for _, e := range l.entries[start:] {
		if e.deleted {
			continue
		}
		if len(out) == limit {
			return out, last, true
		}
		out = append(out, e.Assignment)
		last = e.seq
	}
	return out, last, false
}
