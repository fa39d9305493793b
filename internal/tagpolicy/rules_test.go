package tagpolicy

import "testing"

func TestDecide(t *testing.T) {
	tests := []struct {
		name string
		in   DecideInput
		want Decision
	}{
		{"first pin", DecideInput{Class: ClassMajor, CurrentDigest: sha}, Decision{true, UpdateInitial}},
		{"first pin of a digest", DecideInput{Class: ClassDigest, CurrentDigest: sha}, Decision{true, UpdateInitial}},
		{"first pin ignores rebuild_on", DecideInput{Class: ClassRolling, CurrentDigest: sha, RebuildOn: []UpdateKind{}}, Decision{true, UpdateInitial}},
		{"nothing moved", DecideInput{Class: ClassRolling, PinnedDigest: sha, CurrentDigest: sha}, Decision{}},
		{"digest never rebuilds", DecideInput{Class: ClassDigest, PinnedDigest: sha, CurrentDigest: sha2}, Decision{}},
		{"tag gone", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "20.04"}, Decision{}},
		{"rolling: major release", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "22.04", CurrentDigest: sha2, CurrentVersion: "24.04"}, Decision{true, UpdateMajor}},
		{"rolling: version unknown", DecideInput{Class: ClassRolling, PinnedDigest: sha, CurrentDigest: sha2}, Decision{true, UpdateRebuild}},
		{"rolling: current unknown", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "1.2.3", CurrentDigest: sha2}, Decision{true, UpdateRebuild}},
		{"major: new minor", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.3.1", CurrentDigest: sha2, CurrentVersion: "1.4"}, Decision{true, UpdateMinor}},
		{"major: new patch", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.3.1", CurrentDigest: sha2, CurrentVersion: "1.3.2"}, Decision{true, UpdatePatch}},
		{"major: patch padded", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.3", CurrentDigest: sha2, CurrentVersion: "1.3.1"}, Decision{true, UpdatePatch}},
		{"major: same version rebuilt", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.3.1", CurrentDigest: sha2, CurrentVersion: "v1.3.1"}, Decision{true, UpdateRebuild}},
		{"major: precision only", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.4", CurrentDigest: sha2, CurrentVersion: "1.4.0"}, Decision{true, UpdateRebuild}},
		{"major: rollback", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.4.0", CurrentDigest: sha2, CurrentVersion: "1.3.9"}, Decision{true, UpdateRollback}},
		{"minor: security rebuild", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "20.04", CurrentDigest: sha2, CurrentVersion: "20.04"}, Decision{true, UpdateRebuild}},
		{"minor: patch", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "3.12.1-slim", CurrentDigest: sha2, CurrentVersion: "3.12.2-slim"}, Decision{true, UpdatePatch}},
		{"suffix changed", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "1.22.1-alpine3.19", CurrentDigest: sha2, CurrentVersion: "1.22.2-alpine3.20"}, Decision{true, UpdateRebuild}},
		{"patch: rebuilt release", DecideInput{Class: ClassPatch, PinnedDigest: sha, PinnedVersion: "1.25.3", CurrentDigest: sha2, CurrentVersion: "1.25.3"}, Decision{true, UpdateRebuild}},
		{"other: moved", DecideInput{Class: ClassOther, PinnedDigest: sha, CurrentDigest: sha2}, Decision{true, UpdateRebuild}},
		{"rebuild_on filters major", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "1.9", CurrentDigest: sha2, CurrentVersion: "2.0", RebuildOn: []UpdateKind{UpdatePatch, UpdateMinor}}, Decision{false, UpdateMajor}},
		{"rebuild_on keeps minor", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "1.9", CurrentDigest: sha2, CurrentVersion: "1.10", RebuildOn: []UpdateKind{UpdatePatch, UpdateMinor}}, Decision{true, UpdateMinor}},
		{"rebuild_on empty", DecideInput{Class: ClassMajor, PinnedDigest: sha, CurrentDigest: sha2, RebuildOn: []UpdateKind{}}, Decision{false, UpdateRebuild}},
		// the real-world grammar: unknown versions, builds, prereleases, four components
		{"v1 rebuilt, no new tag: unknown, never rollback", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.4.0", CurrentDigest: sha2, CurrentVersion: ""}, Decision{true, UpdateRebuild}},
		{"unknown pinned version", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "", CurrentDigest: sha2, CurrentVersion: "1.0.0"}, Decision{true, UpdateRebuild}},
		{"prerelease to release", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "3.0.0-rc.1", CurrentDigest: sha2, CurrentVersion: "3.0.0"}, Decision{true, UpdatePatch}},
		{"prerelease to prerelease", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "3.15.0a2", CurrentDigest: sha2, CurrentVersion: "3.15.0b1"}, Decision{true, UpdatePatch}},
		{"release to its prerelease", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "3.0.0", CurrentDigest: sha2, CurrentVersion: "3.0.0-rc.1"}, Decision{true, UpdateRollback}},
		{"prerelease to the next major", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "2.9.0", CurrentDigest: sha2, CurrentVersion: "3.0.0-rc.1"}, Decision{true, UpdateMajor}},
		{"fourth component", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "10.0.20348.2527", CurrentDigest: sha2, CurrentVersion: "10.0.20348.2582"}, Decision{true, UpdatePatch}},
		{"fourth component back", DecideInput{Class: ClassMinor, PinnedDigest: sha, PinnedVersion: "10.0.20348.2582", CurrentDigest: sha2, CurrentVersion: "10.0.20348.2527"}, Decision{true, UpdateRollback}},
		{"new build, same version", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "1.25.3-1", CurrentDigest: sha2, CurrentVersion: "1.25.3-2"}, Decision{true, UpdateRebuild}},
		{"lower build is still a rebuild", DecideInput{Class: ClassRolling, PinnedDigest: sha, PinnedVersion: "9.4-1227", CurrentDigest: sha2, CurrentVersion: "9.4-1214"}, Decision{true, UpdateRebuild}},
		{"rebuild held by rebuild_on, never rollback", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.4.0", CurrentDigest: sha2, RebuildOn: []UpdateKind{UpdatePatch, UpdateMinor, UpdateMajor, UpdateRollback}}, Decision{false, UpdateRebuild}},
		{"rebuild_on no rollback", DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: "1.4", CurrentDigest: sha2, CurrentVersion: "1.3", RebuildOn: []UpdateKind{UpdateRebuild, UpdatePatch, UpdateMinor, UpdateMajor}}, Decision{false, UpdateRollback}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.in); got != tt.want {
				t.Errorf("Decide(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}
