package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

func TestAPIErrorDetail_interrupted(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("listing: %w", &identitycenter.TransportError{Method: "GET", URL: "https://identitycenter.example/v1/x", Err: context.Canceled})
	detail := apiErrorDetail(err)
	if !strings.Contains(detail, "The operation was interrupted: Terraform was asked to stop") {
		t.Errorf("detail %q does not say the operation was interrupted", detail)
	}
	if strings.Contains(detail, "could not be reached") || strings.Contains(detail, "Check endpoint") {
		t.Errorf("detail %q blames the endpoint for an interruption", detail)
	}
}
