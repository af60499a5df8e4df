package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/audit"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/osv"
	"github.com/pyko-dev/pyko/internal/usage"
)

// NewCmdAudit returns `pyko audit`.
func NewCmdAudit(io IO, logger func() *slog.Logger) *cobra.Command {
	var format, failOn, vulnsDir string
	var platforms, insecure []string
	cmd := &cobra.Command{
		Use:   "audit IMAGE",
		Short: "Check an image for a root user, a shell, setuid files, secrets, pip, a missing SBOM and wasted bytes",
		Long: `pyko audit reads every layer of an image (a registry reference, oci:DIR[:TAG],
docker-archive:FILE or oci-archive:FILE), so a file that a later layer deletes is found too, and
reports what a production image should not have, and with --vulns DIR the known vulnerabilities
of its packages from an offline copy of OSV advisories. It exits 1 when a finding is at or above
--fail-on (default high).`,
		Example: `  pyko audit ghcr.io/me/app:1.2
  pyko audit oci:out:app --format json --fail-on medium`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usage.Errorf("--format %q: use text or json", format)
			}
			threshold, err := audit.ParseSeverity(failOn)
			if err != nil {
				return usage.Errorf("--fail-on: %v", err)
			}
			wanted, err := image.ParsePlatforms(platforms)
			if err != nil {
				return usage.Wrap(err)
			}
			tmp, err := os.MkdirTemp("", "pyko-audit-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			b, err := image.LoadBase(cmd.Context(), args[0], image.BaseOptions{Insecure: insecure, TempDir: tmp})
			if err != nil {
				return err
			}
			pis, err := b.Platforms(wanted)
			if err != nil {
				return err
			}
			var o audit.Options
			if vulnsDir != "" {
				if o.Vulns, err = osv.Load(vulnsDir); err != nil {
					return fmt.Errorf("--vulns: %w", err)
				}
			}
			var reports []*audit.Report
			for _, pi := range pis {
				logger().Info("auditing", "image", args[0], "platform", pi.Platform.String(), "digest", pi.Digest.String())
				r, err := audit.Audit(cmd.Context(), pi.Image, o)
				if err != nil {
					return fmt.Errorf("auditing %s (%s): %w", args[0], pi.Platform.String(), err)
				}
				reports = append(reports, r)
			}
			if err := writeReports(cmd.OutOrStdout(), format, args[0], reports); err != nil {
				return err
			}
			return failing(reports, threshold)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "text or json")
	f.StringVar(&failOn, "fail-on", "high", "exit 1 when a finding is at least this severe: info, low, medium, high or critical")
	f.StringVar(&vulnsDir, "vulns", "", "a directory of OSV advisories (JSON, as osv.dev exports them) to match the image's packages against, offline")
	f.StringSliceVar(&platforms, "platform", nil, "the platforms of an index to audit (default: all)")
	f.StringArrayVar(&insecure, "insecure-registry", nil, "a registry reached over plain HTTP or unverified TLS (repeatable)")
	return cmd
}

func writeReports(w io.Writer, format, ref string, reports []*audit.Report) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"image": ref, "reports": reports})
	}
	for _, r := range reports {
		fmt.Fprintf(w, "%s (%s, %s): %d findings\n", ref, r.Platform, r.Digest, len(r.Findings))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, f := range r.Findings {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", strings.ToUpper(f.Severity.String()), f.Check, f.Message)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// failing is an error when a finding reaches threshold.
func failing(reports []*audit.Report, threshold audit.Severity) error {
	n := 0
	for _, r := range reports {
		for _, f := range r.Findings {
			if f.Severity >= threshold {
				n++
			}
		}
	}
	if n > 0 {
		return fmt.Errorf("%d findings at or above %s", n, threshold)
	}
	return nil
}
