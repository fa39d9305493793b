package registrytest

import (
	"encoding/json"
	"net/http"
)

// statusWriter remembers the status sent, and lets a hook edit headers just
// before they go out.
type statusWriter struct {
	http.ResponseWriter
	status int
	hook   func(h http.Header, status int)
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	if w.hook != nil {
		w.hook(w.Header(), status)
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

type errorBody struct {
	Errors []errorEntry `json:"errors"`
}

type errorEntry struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers with a distribution-style JSON error body.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	_ = json.NewEncoder(w).Encode(errorBody{Errors: []errorEntry{{Code: code, Message: message}}})
}

// errorCode is the distribution error code a registry would send with status.
func errorCode(status int, path string) string {
	switch status {
	case http.StatusBadRequest:
		return "BAD_REQUEST"
	case http.StatusUnauthorized:
		return "UNAUTHORIZED"
	case http.StatusForbidden:
		return "DENIED"
	case http.StatusNotFound:
		return notFoundCode(path)
	case http.StatusMethodNotAllowed:
		return "UNSUPPORTED"
	case http.StatusTooManyRequests:
		return "TOOMANYREQUESTS"
	case http.StatusServiceUnavailable:
		return "UNAVAILABLE"
	default:
		return "UNKNOWN"
	}
}

func notFoundCode(path string) string {
	switch kind, _ := splitRepoPath(path); kind {
	case "manifests":
		return "MANIFEST_UNKNOWN"
	case "blobs":
		return "BLOB_UNKNOWN"
	default:
		return "NAME_UNKNOWN"
	}
}

// Flush sends what was written so far, for faults that stream.
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
