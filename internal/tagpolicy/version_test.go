package tagpolicy

import (
	"reflect"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		tag    string
		ok     bool
		comps  []int
		suffix string
		str    string
	}{
		{"1", true, []int{1}, "", "1"},
		{"v1", true, []int{1}, "", "1"},
		{"v1.3", true, []int{1, 3}, "", "1.3"},
		{"v1.3.1", true, []int{1, 3, 1}, "", "1.3.1"},
		{"20.04", true, []int{20, 4}, "", "20.04"},
		{"20.04-slim", true, []int{20, 4}, "slim", "20.04"},
		{"3-alpine", true, []int{3}, "alpine", "3"},
		{"3.12-slim", true, []int{3, 12}, "slim", "3.12"},
		{"1.22-alpine3.19", true, []int{1, 22}, "alpine3.19", "1.22"},
		{"20-bookworm-slim", true, []int{20}, "bookworm-slim", "20"},
		{"3.12.1-slim", true, []int{3, 12, 1}, "slim", "3.12.1"},
		{"1.25.3-bookworm", true, []int{1, 25, 3}, "bookworm", "1.25.3"},
		{"2024.05.01", true, []int{2024, 5, 1}, "", "2024.05.01"},
		{"007", true, []int{7}, "", "007"},
		{"999999999", false, nil, "", ""},
		{"1.0.0-rc.1", true, []int{1, 0, 0}, "", "1.0.0-rc.1"},
		{"2024.05.01.1", true, []int{2024, 5, 1, 1}, "", "2024.05.01.1"},
		{"1234567890", false, nil, "", ""},
		{"latest", false, nil, "", ""},
		{"main", false, nil, "", ""},
		{"jammy", true, []int{22, 4}, "", "22.04"},
		{"bookworm-slim", true, []int{12}, "slim", "12"},
		{"sha-1a2b3c4", false, nil, "", ""},
		{"1a2b3c4", false, nil, "", ""},
		{"V1", false, nil, "", ""},
		{"vv1", false, nil, "", ""},
		{"v", false, nil, "", ""},
		{"", false, nil, "", ""},
		{"1.", false, nil, "", ""},
		{".1", false, nil, "", ""},
		{"1..2", false, nil, "", ""},
		{"1-", false, nil, "", ""},
		{"-1", false, nil, "", ""},
		{"1.3_rc", false, nil, "", ""},
		{"1-al pine", false, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			v, ok := ParseVersion(tt.tag)
			if ok != tt.ok {
				t.Fatalf("ParseVersion(%q) ok = %v, want %v", tt.tag, ok, tt.ok)
			}
			if !ok {
				return
			}
			if !reflect.DeepEqual(v.Components, tt.comps) || v.Suffix != tt.suffix || v.String() != tt.str || v.Precision() != len(tt.comps) {
				t.Errorf("ParseVersion(%q) = %v %q %q", tt.tag, v.Components, v.Suffix, v.String())
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.4.0", "1.4", 1},
		{"1.4", "1", 1},
		{"1.4", "1.4.0", -1},
		{"v1.3", "1.3", 0},
		{"20.04", "20.4", 0},
		{"20.04", "20.10", -1},
		{"1.10", "1.9", 1},
		{"2", "1.99.99", 1},
		{"1.3.1", "1.4", -1},
		{"1.3-alpine", "1.3", 0},
		{"0", "0.0.0", -1},
	}
	for _, tt := range tests {
		a, _ := ParseVersion(tt.a)
		b, _ := ParseVersion(tt.b)
		if got := Compare(a, b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(b, a); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}
