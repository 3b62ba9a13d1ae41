package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
)

// Identity Center is a global service: like the official SDK's global
// credentials, the client sends the account (domain) ID as a signed
// X-Domain-Id on every call, and when none is configured it asks IAM which
// account the keys belong to (GET /v3/auth/domains, signed with the same keys
// and without X-Domain-Id), once per access key for the life of the process.
// IAM lists none for keys without iam:users:getUser; the SDK then asks STS
// who signed the request (GET /v5/caller-identity, signed the same way;
// core/auth/internal/sts_helper.go), and so does the client when it knows
// an STS endpoint.

// domainsSegments is IAM's list of the accounts the caller can reach.
var domainsSegments = []string{"v3", "auth", "domains"}

// callerIdentitySegments is STS's answer to who signed the request.
var callerIdentitySegments = []string{"v5", "caller-identity"}

// domainSource is where a client's account ID comes from: its configuration,
// or else a lookup from IAM, and STS when set, shared across the process by
// cacheKey.
type domainSource struct {
	id          string
	iamEndpoint *url.URL
	stsEndpoint *url.URL
	cacheKey    string
}

// DomainLookupError is a failed lookup of the account ID from IAM: Err is an
// *APIError or a *TransportError from IAM, or a *NoDomainError.
type DomainLookupError struct {
	IAMEndpoint string
	Err         error
}

func (e *DomainLookupError) Error() string {
	return fmt.Sprintf("looking up the account (domain) ID from IAM at %s: %v", e.IAMEndpoint, e.Err)
}

func (e *DomainLookupError) Unwrap() error { return e.Err }

// NoDomainError is IAM's answer with an empty list of accounts, which is what
// credentials without permission to read their own IAM user get, and, when
// STS was asked next, why it did not tell the account either.
type NoDomainError struct {
	RequestID string
	// STSEndpoint and STSErr are the STS asked, if any, and its failure.
	STSEndpoint string
	STSErr      error
}

func (e *NoDomainError) Error() string {
	msg := "IAM lists no account (domain) for these credentials"
	if e.RequestID != "" {
		msg += " (request_id " + e.RequestID + ")"
	}
	if e.STSErr != nil {
		msg += fmt.Sprintf(", and asking STS at %s which account signed the request failed: %v", e.STSEndpoint, e.STSErr)
	}
	return msg
}

func (e *NoDomainError) Unwrap() error { return e.STSErr }

// domainID returns the account ID to send, looking it up on first use.
func (c *Client) domainID(ctx context.Context) (string, error) {
	if c.domain.id != "" {
		return c.domain.id, nil
	}
	id, err := lookedUpDomains.get(ctx, c.domain.cacheKey, c.lookupDomainID)
	if err != nil {
		return "", &DomainLookupError{IAMEndpoint: c.domain.iamEndpoint.Redacted(), Err: err}
	}
	return id, nil
}

// lookupDomainID asks IAM for the account of the credentials; like the SDK,
// it takes the first one listed.
func (c *Client) lookupDomainID(ctx context.Context) (string, error) {
	body, requestID, err := c.send(ctx, c.domain.iamEndpoint, http.MethodGet, "", payload{}, domainsSegments...)
	if err != nil {
		return "", err
	}
	var answer struct {
		Domains []struct {
			ID string `json:"id"`
		} `json:"domains"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return "", fmt.Errorf("the answer is not a list of accounts (request_id %s): %w", requestID, err)
	}
	if len(answer.Domains) > 0 && answer.Domains[0].ID != "" {
		return answer.Domains[0].ID, nil
	}
	noDomain := &NoDomainError{RequestID: requestID}
	if c.domain.stsEndpoint == nil {
		return "", noDomain
	}
	id, err := c.callerAccount(ctx)
	if err != nil {
		noDomain.STSEndpoint, noDomain.STSErr = c.domain.stsEndpoint.Redacted(), err
		return "", noDomain
	}
	return id, nil
}

// callerAccount asks STS which account signed the request, as the SDK does
// when IAM lists none.
func (c *Client) callerAccount(ctx context.Context) (string, error) {
	body, requestID, err := c.send(ctx, c.domain.stsEndpoint, http.MethodGet, "", payload{}, callerIdentitySegments...)
	if err != nil {
		return "", err
	}
	var answer struct {
		AccountID string `json:"account_id"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return "", fmt.Errorf("the answer is not a caller identity (request_id %s): %w", requestID, err)
	}
	if answer.AccountID == "" {
		return "", fmt.Errorf("the answer names no account_id (request_id %s)", requestID)
	}
	return answer.AccountID, nil
}

// lookedUpDomains holds the account IDs found in this process, by IAM
// endpoint and access key.
var lookedUpDomains domainCache

// domainCache runs one lookup per key at a time and keeps what succeeds.
// Callers that arrive during a lookup wait for it and share its result; a
// failure is not kept, so the next call tries again.
type domainCache struct {
	mu      sync.Mutex
	ids     map[string]string
	flights map[string]*domainFlight
}

type domainFlight struct {
	done chan struct{}
	id   string
	err  error
}

func (d *domainCache) get(ctx context.Context, key string, lookup func(context.Context) (string, error)) (string, error) {
	for {
		d.mu.Lock()
		if id, ok := d.ids[key]; ok {
			d.mu.Unlock()
			return id, nil
		}
		f, joined := d.flights[key]
		if !joined {
			f = &domainFlight{done: make(chan struct{})}
			if d.flights == nil {
				d.flights, d.ids = map[string]*domainFlight{}, map[string]string{}
			}
			d.flights[key] = f
		}
		d.mu.Unlock()

		if !joined {
			f.id, f.err = lookup(ctx)
			d.mu.Lock()
			delete(d.flights, key)
			if f.err == nil {
				d.ids[key] = f.id
			}
			d.mu.Unlock()
			close(f.done)
			return f.id, f.err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-f.done:
		}
		// A lookup that ended with its own caller's deadline or cancellation
		// says nothing about the account: a waiter with time left tries again.
		if f.err != nil && ctx.Err() == nil &&
			(errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			continue
		}
		return f.id, f.err
	}
}
