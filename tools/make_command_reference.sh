#!/bin/sh
# Writes docs/reference/commands.md: every command and option of `vigil`, as the
# binary's own --help prints them, under a short hand-written preamble (exit codes,
# streams, rule loading). Rerun after adding or changing an option:
#   swift build -c release && tools/make_command_reference.sh [VIGIL]
set -eu
VIGIL=${1:-.build/release/vigil}
OUT=$(dirname "$0")/../docs/reference/commands.md
{
cat <<'HEAD'
# Command reference

Written by `tools/make_command_reference.sh` from `vigil … --help`; the text under
each command is the binary's own help. What holds for every command:

- Vigil starts from the rule packs and policy built into the binary (the project's
  `rules/` folder, embedded at build time), so it works from any directory.
  `--rules PATH` adds packs (repeatable; a folder means every `*.yaml` below it), a
  `policy.yaml` among them or `--policy FILE` replaces the policy, and
  `--no-builtin-rules` starts from none.
- `check` is the pre-publish check of the brand's own posts (kind `post`, the strict
  thresholds); `screen` and `serve` default to `comment`. A kind the policy does not
  define is a usage error.
- Exit codes: `check` 0 allow, 1 review, 2 block; `rules diff` 1 when a decision
  changes; every command 64 usage, 65 unreadable input data, 66 input file missing,
  73 an output file cannot be created, 74 I/O error, 78 invalid rules or policy. An
  error names the file, line and column where there is one.
- `screen` exits 0 when it reached the end of its input, whatever it found; bad lines
  become error records in the stream (records.md).
- stdout carries only data; progress and summaries go to stderr.

HEAD
for c in check screen serve report bench evaluate learn rules "rules lint" "rules test" "rules explain" "rules diff"; do
    echo "## \`vigil $c\`"
    echo
    echo '```'
    # shellcheck disable=SC2086
    "$VIGIL" $c --help | sed -e 's/[[:space:]]*$//' -e "s/cores). (default: [0-9][0-9]*)/cores)./"
    echo '```'
    echo
done
} > "$OUT"
echo "wrote $OUT"
