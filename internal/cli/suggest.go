package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pyko-dev/pyko/internal/usage"
)

// unknownCommand is the root's Args: a word that is no command gets
// cobra's suggestions ("did you mean build?").
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usage.Wrap(fmt.Errorf("%s (pyko --help lists them)", msg))
}

// flagError adds the closest flag names to an unknown flag's error.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return usage.Wrap(err)
	}
	var best []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if d := distance(name, f.Name); d <= 2 || strings.HasPrefix(f.Name, name) {
			best = append(best, "--"+f.Name)
		}
	})
	if len(best) > 0 {
		return usage.Wrap(fmt.Errorf("%w; did you mean %s?", err, strings.Join(best, " or ")))
	}
	return usage.Wrap(err)
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
