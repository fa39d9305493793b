package registrytest

import "strings"

// repoMarkers separate the repository name from the rest of a /v2/ path.
var repoMarkers = []string{"/manifests/", "/blobs/", "/tags/", "/referrers/"}

// splitRepoPath splits "/v2/acme/app/manifests/v1" into ("manifests",
// "acme/app"). The rightmost marker wins, since what follows it (a tag, a
// digest, "list", "uploads/ID") never contains one, while a repository name
// may ("acme/tags"). Paths with no repository give ("", "").
func splitRepoPath(path string) (kind, repo string) {
	rest, ok := strings.CutPrefix(path, "/v2")
	if !ok {
		return "", ""
	}
	at, marker := -1, ""
	for _, m := range repoMarkers {
		if i := strings.LastIndex(rest, m); i > at {
			at, marker = i, m
		}
	}
	if at <= 0 {
		return "", ""
	}
	return strings.Trim(marker, "/"), rest[1:at]
}

func isTagList(path string) bool {
	kind, repo := splitRepoPath(path)
	return kind == "tags" && repo != "" && strings.HasSuffix(path, "/tags/list")
}

func isManifest(path string) bool {
	kind, _ := splitRepoPath(path)
	return kind == "manifests"
}

// isRegistryPath reports whether path is served by the registry API.
func isRegistryPath(path string) bool {
	return path == "/v2" || strings.HasPrefix(path, "/v2/")
}

// matchPath reports whether a fault for pathContains applies to path: ""
// means every registry request, anything else a substring match.
func matchPath(pathContains, path string) bool {
	if pathContains == "" {
		return isRegistryPath(path)
	}
	return strings.Contains(path, pathContains)
}
