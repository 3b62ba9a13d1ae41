package mockapi

import (
	"fmt"
	"testing"
)

// TestTombstonesAreReclaimed checks that churn does not grow the profile
// slice without bound, which would make lists slow long after deletes.
func TestTombstonesAreReclaimed(t *testing.T) {
	t.Parallel()
	app := newStore().ensureInstance("ins-1").ensureApp("app-ins-1")
	for i := range 10 {
		app.put(Profile{ProfileID: fmt.Sprint(i)})
	}
	for i := 10; i < 10_000; i++ {
		if !app.remove(fmt.Sprint(i - 10)) {
			t.Fatalf("remove %d = false", i-10)
		}
		app.put(Profile{ProfileID: fmt.Sprint(i)})
		if app.live() != 10 {
			t.Fatalf("live = %d, want 10", app.live())
		}
		if len(app.profiles) > 2*app.live()+1 {
			t.Fatalf("step %d: %d slots for %d live profiles", i, len(app.profiles), app.live())
		}
	}
	for i, e := range app.profiles {
		if !e.deleted && app.index[e.ProfileID] != i {
			t.Errorf("index[%s] = %d, want %d", e.ProfileID, app.index[e.ProfileID], i)
		}
	}
	if len(app.index) != 10 {
		t.Errorf("index has %d entries, want 10", len(app.index))
	}
}
