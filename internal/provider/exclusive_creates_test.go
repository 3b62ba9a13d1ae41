package provider

import (
	"context"
	"sync"
	"testing"
	"time"
)

// A create still on its way is waited for, and only one that made the
// assignment counts; other IDs are never made.
func TestExclusiveCreates(t *testing.T) {
	for _, made := range []bool{true, false} {
		c := newExclusiveCreates()
		finish := c.start("a")
		var wg sync.WaitGroup
		var answers [4]bool
		for i := range answers {
			wg.Go(func() { answers[i] = c.madeByExclusive(t.Context(), "a") })
		}
		time.Sleep(10 * time.Millisecond)
		finish(made)
		wg.Wait()
		for i, got := range answers {
			if got != made {
				t.Errorf("made %v: answer %d = %v", made, i, got)
			}
		}
		if c.madeByExclusive(t.Context(), "b") {
			t.Error("b, never created, counts as made")
		}
	}

	c := newExclusiveCreates()
	finishFirst, finishSecond := c.start("a"), c.start("a")
	finishFirst(true)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if c.madeByExclusive(ctx, "a") {
		t.Error("with a second create still on its way and the wait cut short, a counts as made")
	}
	finishSecond(false)
	if !c.madeByExclusive(t.Context(), "a") {
		t.Error("a, made by the first of two creates, does not count as made")
	}

	var unconfigured *exclusiveCreates
	unconfigured.start("a")(true)
	if unconfigured.madeByExclusive(t.Context(), "a") {
		t.Error("a nil record counts a create")
	}
}
