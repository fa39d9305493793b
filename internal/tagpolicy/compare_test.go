package tagpolicy

import "testing"

func TestCompareTags(t *testing.T) {
	tests := []struct {
		from, to string
		want     Comparison
	}{
		{"v1.3.1", "v1.3.2", ComparisonPatch},
		{"v1.3.1", "v1.4.0", ComparisonMinor},
		{"v1.3.1", "v2.0.0", ComparisonMajor},
		{"v1.3.1", "v1.3.0", ComparisonRollback},
		{"v1.3.1", "v1.3.1", ComparisonNone},
		{"v1.3", "1.4", ComparisonMinor},
		{"1.3", "v1.3", ComparisonNone},
		{"20.04", "20.4", ComparisonNone},
		{"20.04", "20.10", ComparisonMinor},
		{"20.04", "22.04", ComparisonMajor},
		{"22.04", "20.04", ComparisonRollback},
		{"v1", "v2", ComparisonMajor},
		{"v2", "v1", ComparisonRollback},
		{"1.9", "1.10", ComparisonMinor},
		{"3.12-slim", "3.13-slim", ComparisonMinor},
		{"1.22-alpine3.19", "1.23-alpine3.19", ComparisonMinor},
		{"1.22-alpine3.19", "1.23-alpine3.20", ComparisonIncompatible},
		{"1.3-alpine", "1.4", ComparisonIncompatible},
		{"v1", "v1.3", ComparisonIncompatible},
		{"v1.3", "v1.3.1", ComparisonIncompatible},
		{"latest", "v1", ComparisonIncompatible},
		{"v1", "latest", ComparisonIncompatible},
		{"main", "main", ComparisonNone},
		{"2024.05.01", "2024.06.01", ComparisonMinor},
		{"2024.05.01.1", "2024.05.01.2", ComparisonPatch},
		{"20-bookworm-slim", "22-bookworm-slim", ComparisonMajor},
		{"1.25.3-bookworm", "1.25.10-bookworm", ComparisonPatch},
	}
	for _, tt := range tests {
		if got := CompareTags(tt.from, tt.to); got != tt.want {
			t.Errorf("CompareTags(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
