package registrytest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any goroutine outlives the tests: Close must
// end every handler, hung ones included.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
