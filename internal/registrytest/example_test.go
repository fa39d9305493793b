package registrytest_test

import (
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// A registry with token auth, seeded directly, then read through the front
// door, whose requests are counted.
func Example() {
	s, err := registrytest.Start(registrytest.WithBearerAuth("alice", "s3cret"))
	if err != nil {
		panic(err)
	}
	defer s.Close()

	digest, err := s.PushRandom("acme/app:v1.2.3")
	if err != nil {
		panic(err)
	}
	ref, err := name.ParseReference(s.Host + "/acme/app:v1.2.3")
	if err != nil {
		panic(err)
	}
	desc, err := remote.Head(ref, remote.WithAuth(&authn.Basic{Username: "alice", Password: "s3cret"}))
	if err != nil {
		panic(err)
	}
	fmt.Println(desc.Digest.String() == digest)
	fmt.Println("manifest HEADs:", s.ManifestRequests(http.MethodHead))
	fmt.Println("manifest GETs:", s.ManifestRequests(http.MethodGet))
	fmt.Println("token requests:", s.TokenRequests())
	// Output:
	// true
	// manifest HEADs: 1
	// manifest GETs: 0
	// token requests: 1
}
