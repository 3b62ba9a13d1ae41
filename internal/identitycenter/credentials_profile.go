package identitycenter

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// SharedProfile is a profile of a KooCLI (hcloud) configuration file,
// ~/.hcloud/config.json:
//
//	{"current":"default","profiles":[{"name":"default","mode":"AKSK","accessKeyId":"...","secretAccessKey":"...",
//	  "securityToken":"","domainId":"","agencyName":"","agencyDomainName":""}]}
//
// Fields the provider has no use for, such as the region, are ignored.
type SharedProfile struct {
	Name             string `json:"name"`
	Mode             string `json:"mode"`
	AccessKeyID      string `json:"accessKeyId"`
	SecretAccessKey  string `json:"secretAccessKey"`
	SecurityToken    string `json:"securityToken"`
	DomainID         string `json:"domainId"`
	AgencyName       string `json:"agencyName"`
	AgencyDomainName string `json:"agencyDomainName"`
}

// Modes of a KooCLI profile the provider understands.
const (
	// ModeAKSK signs with the profile's keys, the default.
	ModeAKSK = "AKSK"
	// ModeECSAgency reads the keys of the server's agency from the metadata
	// service.
	ModeECSAgency = "ecsAgency"
)

type sharedConfig struct {
	Current  string          `json:"current"`
	Profiles []SharedProfile `json:"profiles"`
}

// LoadSharedProfile reads profile name from the KooCLI configuration file
// at path; an empty name means the file's current profile. Errors say what
// is wrong in words fit for a diagnostic.
func LoadSharedProfile(path, name string) (SharedProfile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return SharedProfile{}, fmt.Errorf("cannot read the file: %w", err)
	}
	var cfg sharedConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		return SharedProfile{}, fmt.Errorf("the file is not a KooCLI configuration (JSON with current and profiles): %w", err)
	}
	if name == "" {
		name = cfg.Current
	}
	if name == "" {
		return SharedProfile{}, fmt.Errorf("the file names no current profile, and no profile was asked for")
	}
	var names []string
	for _, p := range cfg.Profiles {
		if p.Name == name {
			return p, p.check()
		}
		names = append(names, p.Name)
	}
	return SharedProfile{}, fmt.Errorf("the file has no profile %q; it has %s", name, quotedList(names))
}

func (p SharedProfile) check() error {
	switch p.Mode {
	case "", ModeAKSK:
		if p.AccessKeyID == "" || p.SecretAccessKey == "" {
			return fmt.Errorf("profile %q (mode %s) lacks accessKeyId or secretAccessKey", p.Name, ModeAKSK)
		}
	case ModeECSAgency:
	default:
		return fmt.Errorf("profile %q has mode %q; the provider reads the modes %s and %s", p.Name, p.Mode, ModeAKSK, ModeECSAgency)
	}
	if (p.AgencyName == "") != (p.AgencyDomainName == "") {
		return fmt.Errorf("profile %q sets only one of agencyName and agencyDomainName; an agency needs both", p.Name)
	}
	return nil
}

func quotedList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return `"` + strings.Join(names, `", "`) + `"`
}
