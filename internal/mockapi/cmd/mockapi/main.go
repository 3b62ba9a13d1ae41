// Command mockapi serves a mock of the IAM Identity Center application
// profiles API, so that Terraform configurations using the provider can be
// tried offline.
//
// Usage:
//
//	mockapi [-listen ADDR] [-seed FILE] [-access-key AK] [-secret-key SK] [-security-token TOKEN]
//	        [-domain-id ID] [-domain-name NAME] [-quiet]
//	        [-agency NAME]... [-idp-id ID -id-token TOKEN...] [-metadata-agency NAME]
//	        [-credential-lifetime D] [-refuse-permanent-keys]
//	        [-fail-rate P] [-throttle-rate P] [-retry-after D] [-conflict-rate P] [-drop-rate P] [-latency D] [-fault-seed N]
//
// The access key, secret key and security token default to the environment
// variables HW_ACCESS_KEY, HW_SECRET_KEY and HW_SECURITY_TOKEN, the same
// ones the provider reads, so one set of variables serves both. Requests
// must be signed with them. The seed file holds the account and the initial
// profiles:
//
//	{"domain_id":"...","domain_name":"...","instances":[{"instance_id":"ins-1","application_instances":[
//	  {"application_instance_id":"app-ins-1","profiles":[{"profile_id":"p-1"}]}]}]}
//
// The first line on standard output is "listening on http://HOST:PORT", with
// the address actually bound (the default port 0 picks a free one). Point
// the provider's endpoint at that URL; it serves IAM's account lookup too,
// so it is also the provider's iam_endpoint. Identity Center requests must
// carry the account ID (-domain-id, else the seed's domain_id, else
// mockapi.DefaultDomainID) in a signed X-Domain-Id header. Each request is
// then logged on standard error unless -quiet is given. The store and counters can be read,
// and profiles added or removed, through the unsigned /_mock/ routes
// described in package mockapi. SIGINT or SIGTERM stops the server after
// in-flight requests finish.
//
// The mock also issues temporary credentials, as IAM and an ECS server's
// metadata service do, on the same listener: -agency names an agency the
// keys may assume (repeat it for more), -idp-id an OIDC identity provider
// and -id-token an ID token it accepts (repeatable), -metadata-agency the
// agency whose keys the metadata service hands out. -credential-lifetime,
// such as 5s, is how long every issued credential lives, whatever the
// request asks for. -refuse-permanent-keys answers 401 to Identity Center
// requests signed with anything but issued temporary credentials. These
// flags add to the seed file's agencies, identity_providers,
// metadata_agency and credential_lifetime_seconds.
//
// The fault flags make the mock a busy, flaky service, to see how a client
// copes: -fail-rate answers that share of API calls with 500 or 503,
// -throttle-rate with 429 and a Retry-After of -retry-after, -conflict-rate
// with 409 IIC.1006, and -drop-rate applies that share of deletes and
// assignment creates but closes the connection instead of answering.
// -latency is added to every API call.
// Rates are between 0 and 1, and the first three together at most 1. The
// same -fault-seed gives the same faults for the same sequence of requests.
// Faults come after authentication and never touch the /_mock/ routes.
//
// Exit status is 2 for usage errors, such as missing keys, and 1 for other
// failures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a mistake in the command line, reported with exit status 2.
type usageError struct{ error }

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "mockapi:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "mockapi:", err)
		return 1
	}
}

const shutdownTimeout = 10 * time.Second

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	seedFile := fs.String("seed", "", "seed file with the initial profiles (JSON); empty store without it")
	accessKey := fs.String("access-key", "", "access key requests are signed with (default $HW_ACCESS_KEY)")
	secretKey := fs.String("secret-key", "", "secret key requests are signed with (default $HW_SECRET_KEY)")
	securityToken := fs.String("security-token", "", "session token requests must carry, for temporary credentials (default $HW_SECURITY_TOKEN)")
	domainID := fs.String("domain-id", "", "ID of the account requests must name in X-Domain-Id (default the seed's domain_id, else "+mockapi.DefaultDomainID+")")
	domainName := fs.String("domain-name", "", "name of the account IAM lists (default the seed's domain_name, else "+mockapi.DefaultDomainName+")")
	quiet := fs.Bool("quiet", false, "do not log each request")
	var agencies, idTokens stringList
	fs.Var(&agencies, "agency", "name of an agency credentials may assume; repeat for more")
	idpID := fs.String("idp-id", "", "ID of an OIDC identity provider that accepts the -id-token values")
	fs.Var(&idTokens, "id-token", "an ID token the -idp-id identity provider accepts; repeat for more")
	metadataAgency := fs.String("metadata-agency", "", "agency whose temporary keys the metadata service hands out (default none: 404)")
	lifetime := fs.Duration("credential-lifetime", 0, "lifetime of every temporary credential issued, such as 5s (default the duration asked for)")
	refusePermanent := fs.Bool("refuse-permanent-keys", false, "refuse Identity Center requests signed with permanent keys")
	pageSizeCap := fs.Int("page-size-cap", 0, "largest page of the assignment list, whatever the limit asked for, so that clients follow markers; 0 means the API's 100")
	var faults mockapi.Faults
	fs.Float64Var(&faults.FailureRate, "fail-rate", 0, "share of API calls answered 500 or 503, from 0 to 1")
	fs.Float64Var(&faults.ThrottleRate, "throttle-rate", 0, "share of API calls answered 429 with Retry-After, from 0 to 1")
	fs.DurationVar(&faults.RetryAfter, "retry-after", mockapi.DefaultRetryAfter, "Retry-After of a 429, in whole seconds rounded up")
	fs.Float64Var(&faults.ConflictRate, "conflict-rate", 0, "share of API calls answered 409 IIC.1006, from 0 to 1")
	fs.Float64Var(&faults.DropRate, "drop-rate", 0, "share of deletes and assignment creates applied and then left unanswered, from 0 to 1")
	fs.DurationVar(&faults.Latency, "latency", 0, "delay added before answering each API call, such as 200ms")
	fs.Int64Var(&faults.Seed, "fault-seed", 0, "seed of the fault sequence, for reproducible runs")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %q", fs.Args())}
	}
	// The environment is read here rather than used as flag defaults, so
	// that -h does not print secrets.
	if *accessKey == "" {
		*accessKey = os.Getenv("HW_ACCESS_KEY")
	}
	if *secretKey == "" {
		*secretKey = os.Getenv("HW_SECRET_KEY")
	}
	if *securityToken == "" {
		*securityToken = os.Getenv("HW_SECURITY_TOKEN")
	}
	if *accessKey == "" || *secretKey == "" {
		return usageError{errors.New("an access key and a secret key are required: set -access-key and -secret-key, or HW_ACCESS_KEY and HW_SECRET_KEY")}
	}
	if err := faults.Validate(); err != nil {
		return usageError{fmt.Errorf("invalid fault flags (-fail-rate, -throttle-rate, -conflict-rate, -drop-rate, -retry-after, -latency): %w", err)}
	}

	if *pageSizeCap < 0 {
		return usageError{fmt.Errorf("invalid -page-size-cap %d: it must be 0 (no cap) or more", *pageSizeCap)}
	}

	var seed mockapi.Seed
	if *seedFile != "" {
		var err error
		if seed, err = mockapi.LoadSeed(*seedFile); err != nil {
			return err
		}
	}
	if *domainID != "" {
		seed.DomainID = *domainID
	}
	if *domainName != "" {
		seed.DomainName = *domainName
	}
	if err := addCredentialFlags(&seed.SeedCredentials, agencies, *idpID, idTokens, *metadataAgency); err != nil {
		return err
	}
	if *lifetime < 0 {
		return usageError{fmt.Errorf("-credential-lifetime must not be negative, got %s", *lifetime)}
	}
	srv, err := mockapi.New(mockapi.Options{
		Credentials:         []mockapi.Credential{{AccessKey: *accessKey, SecretKey: *secretKey, SecurityToken: *securityToken}},
		Seed:                seed,
		Faults:              faults,
		CredentialLifetime:  *lifetime,
		RefusePermanentKeys: *refusePermanent,
		PageSizeCap:         *pageSizeCap,
	})
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *listen)
	if err != nil {
		return err
	}
	var handler http.Handler = srv
	if !*quiet {
		handler = logRequests(srv, log.New(stderr, "", log.LstdFlags|log.Lmicroseconds))
	}
	httpSrv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(stderr, "mockapi: ", log.LstdFlags),
	}
	if _, err := fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr()); err != nil {
		ln.Close()
		return err
	}

	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// logRequests logs one line per request. It logs the escaped path only: no
// query, no headers, so neither signatures nor tokens reach the log, and an
// encoded newline in the path cannot forge a line.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.Printf("%s %s %d %s", r.Method, r.URL.EscapedPath(), rec.status, time.Since(start).Round(time.Microsecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
