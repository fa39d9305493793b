package registry_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a goroutine outlives the tests: a retry
// sleeping past its context, a flight nobody waits for, a hung request.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
