package devenv

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// mockStopTimeout bounds the wait for the mock's graceful shutdown.
const mockStopTimeout = 5 * time.Second

// Mock is a running mock API command.
type Mock struct {
	// Endpoint is the mock's base URL, for HW_IDENTITY_CENTER_ENDPOINT and
	// HW_IAM_ENDPOINT.
	Endpoint string
	cmd      *exec.Cmd
}

// StartMock runs the mock API command bin, accepting creds, with the extra
// flags given (such as -seed), and waits for the address it listens on. It
// logs no requests; its errors go to this process's stderr.
func StartMock(ctx context.Context, bin string, creds Credentials, flags ...string) (*Mock, error) {
	args := append([]string{"-access-key", creds.AccessKey, "-secret-key", creds.SecretKey, "-quiet"}, flags...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env, cmd.Stderr = Environ(), os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &Mock{cmd: cmd}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		m.Stop()
		return nil, fmt.Errorf("the mock API did not say where it listens (got %q): %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	m.Endpoint = endpoint
	return m, nil
}

// Stop asks the mock to finish its in-flight requests and exit, and kills it
// if it does not.
func (m *Mock) Stop() {
	_ = m.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(mockStopTimeout):
		_ = m.cmd.Process.Kill()
		<-done
	}
}

// Remove deletes a profile through the mock's out-of-band route, as a change
// made in the console would. path is
// instances/{i}/application-instances/{a}/profiles/{p}.
func (m *Mock) Remove(ctx context.Context, path string) error {
	resp, err := m.admin(ctx, http.MethodDelete, path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("removing %s from the mock: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

// Add puts what path names into the mock's store through its admin routes,
// as a change made outside Terraform.
func (m *Mock) Add(ctx context.Context, path string) error {
	resp, err := m.admin(ctx, http.MethodPut, path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("adding %s to the mock: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

// Stats reads the mock's request counters.
func (m *Mock) Stats(ctx context.Context) (mockapi.Stats, error) {
	resp, err := m.admin(ctx, http.MethodGet, "stats")
	if err != nil {
		return mockapi.Stats{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return mockapi.Stats{}, fmt.Errorf("reading the mock's counters: HTTP %d", resp.StatusCode)
	}
	var stats mockapi.Stats
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		return mockapi.Stats{}, fmt.Errorf("reading the mock's counters: %w", err)
	}
	return stats, nil
}

func (m *Mock) admin(ctx context.Context, method, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, m.Endpoint+mockapi.AdminPrefix+path, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}
