package main

import (
	"os"
	"testing"
)

// Without any log variable the SDK's logging is switched off; any one of them leaves it alone.
func TestQuietUnlessLogging(t *testing.T) {
	for _, v := range logVariables {
		t.Setenv(v, "")
	}
	t.Setenv("TF_LOG_SDK", "")
	quietUnlessLogging()
	if got := os.Getenv("TF_LOG_SDK"); got != "OFF" {
		t.Errorf("with no log variable set, TF_LOG_SDK = %q, want OFF", got)
	}
	for _, v := range logVariables {
		t.Run(v, func(t *testing.T) {
			for _, other := range logVariables {
				t.Setenv(other, "")
			}
			t.Setenv(v, "TRACE")
			quietUnlessLogging()
			if v != "TF_LOG_SDK" && os.Getenv("TF_LOG_SDK") != "" {
				t.Errorf("%s=TRACE, yet TF_LOG_SDK was set to %q", v, os.Getenv("TF_LOG_SDK"))
			}
			if v == "TF_LOG_SDK" && os.Getenv("TF_LOG_SDK") != "TRACE" {
				t.Errorf("TF_LOG_SDK=TRACE was overridden with %q", os.Getenv("TF_LOG_SDK"))
			}
		})
	}
}
