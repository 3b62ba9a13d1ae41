package main

import (
	"errors"
	"slices"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// stringList is a flag that may be repeated.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// addCredentialFlags adds the agencies, the identity provider and the
// metadata agency of the command line to those of the seed.
func addCredentialFlags(c *mockapi.SeedCredentials, agencies []string, idpID string, idTokens []string, metadataAgency string) error {
	for _, a := range agencies {
		c.Agencies = append(c.Agencies, mockapi.Agency{Name: a})
	}
	switch {
	case idpID != "":
		c.IdentityProviders = append(c.IdentityProviders, mockapi.IdentityProvider{ID: idpID, IDTokens: idTokens})
	case len(idTokens) > 0:
		return usageError{errors.New("-id-token needs -idp-id, the identity provider that accepts it")}
	}
	if metadataAgency != "" {
		c.MetadataAgency = metadataAgency
		if !slices.ContainsFunc(c.Agencies, func(a mockapi.Agency) bool { return a.Name == metadataAgency }) {
			c.Agencies = append(c.Agencies, mockapi.Agency{Name: metadataAgency})
		}
	}
	return nil
}
