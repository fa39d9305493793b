package tagpolicy

// VersionSearch is the order in which the version a moving tag points to is looked up: a search,
// not a scan, so that `node:lts` (on 24.x while 25.x exists) is found in a handful of HEADs. The
// caller asks Next for a tag, HEADs it, and tells Report whether its digest is the moving tag's; the
// search then narrows or moves on. The caller owns the budget: it stops asking when it is spent, and
// Version is the best answer so far.
//
// The rule, level by level (a rolling or other tag starts at majors, "v1" at its minors, "20.04" at
// its patches): first one tag per group, newest group first: the group's moving tag ("24", "1.22")
// where the repository has one, since it follows the newest build of the group, else the group's
// newest tag. A match on a group's newest tag is the answer. A match on a moving tag says which
// group, and the search narrows inside it the same way; if nothing inside matches, the moving tag's
// version is the answer. When no group matched, the remaining tags follow, newest first.
//
// Which tags take part: version tags of the moving tag's suffix ("lts-alpine" looks among "-alpine"
// tags), spelt as numbers; for a major or minor tag only the more precise tags of its own line ("v1"
// can be 1.3 or 1.3.1, never 2.0, and never its own "1"); no prereleases unless the tag is one, and
// no builds, dates or other tags. A patch or digest tag is its own version: the search is empty.
type VersionSearch struct {
	scope  []versionTag // the tags in play, newest first
	level  int          // how many components name a group
	reps   []int        // each group's representative, an index into scope, newest group first
	rest   bool         // the representatives are spent: the remaining tags, newest first
	next   int          // the next representative, or the next tag of scope
	probed map[string]bool
	asked  int // the index in scope of the tag handed out by Next, -1 when none is pending
	found  *versionTag
	done   bool
}

// NewVersionSearch starts the search for the version tracked points to, among the repository's tags.
func NewVersionSearch(tracked string, tags []string, c Classifier) *VersionSearch {
	s := &VersionSearch{probed: map[string]bool{}, asked: -1}
	t := c.ParseTag(tracked)
	var match func(Version) bool
	switch t.Class {
	case ClassMajor, ClassMinor:
		tv, _ := c.Version(tracked)
		s.level = tv.Precision() + 1
		match = func(v Version) bool {
			return inFamily(tv, v) && (v.Prerelease == "" || tv.Prerelease != "")
		}
	case ClassRolling, ClassOther:
		s.level = 1
		match = func(v Version) bool { return v.Suffix == t.Suffix && v.Codename == "" && v.Prerelease == "" }
	default:
		s.done = true
		return s
	}
	for _, tag := range tags {
		if v, ok := c.Version(tag); ok && tag != tracked && v.Build == "" && match(v) {
			s.scope = append(s.scope, versionTag{tag, v})
		}
	}
	sortNewestFirst(s.scope)
	s.group()
	return s
}

// group picks the representatives of the groups at the current level.
func (s *VersionSearch) group() {
	s.reps, s.rest, s.next = nil, false, 0
	last := -1
	for i, vt := range s.scope {
		if last >= 0 && sameGroup(s.scope[s.reps[last]].version, vt.version, s.level) {
			if vt.version.Precision() == s.level && s.scope[s.reps[last]].version.Precision() != s.level {
				s.reps[last] = i // the group's moving tag represents it
			}
			continue
		}
		s.reps = append(s.reps, i)
		last++
	}
}

// sameGroup reports whether two versions share their first n components.
func sameGroup(a, b Version, n int) bool {
	for i := 0; i < n; i++ {
		if a.component(i) != b.component(i) {
			return false
		}
	}
	return true
}

// Next returns the tag to HEAD next, or false when the search is over.
func (s *VersionSearch) Next() (string, bool) {
	for !s.done {
		var i int
		if !s.rest {
			if s.next < len(s.reps) {
				i = s.reps[s.next]
			} else {
				s.rest, s.next = true, 0
				continue
			}
		} else if s.next < len(s.scope) {
			i = s.next
		} else {
			s.done = true
			break
		}
		s.next++
		if name := s.scope[i].name; !s.probed[name] {
			s.probed[name], s.asked = true, i
			return name, true
		}
	}
	return "", false
}

// Report says whether the tag Next returned last shares the moving tag's digest.
func (s *VersionSearch) Report(matched bool) {
	if s.asked < 0 {
		return
	}
	vt := s.scope[s.asked]
	s.asked = -1
	if !matched {
		return
	}
	s.found = &vt
	// Narrow inside the group when the match was its moving tag and more precise tags remain.
	var inside []versionTag
	if vt.version.Precision() == s.level {
		for _, o := range s.scope {
			if o.version.Precision() > s.level && sameGroup(o.version, vt.version, s.level) {
				inside = append(inside, o)
			}
		}
	}
	if len(inside) == 0 {
		s.done = true
		return
	}
	s.scope, s.level = inside, s.level+1
	s.group()
}

// Version is the version found so far (see Version.String), or "" when none matched: the version is
// unknown, never the moving tag's own number.
func (s *VersionSearch) Version() string {
	if s.found == nil {
		return ""
	}
	return s.found.version.String()
}

// Tag is the tag whose version Version reports, or "".
func (s *VersionSearch) Tag() string {
	if s.found == nil {
		return ""
	}
	return s.found.name
}
