#!/usr/bin/env bash
# Comments and docs may cite only what a reader of this repository can open: its own docs/
# (architecture.md, security.md, sectigo-protocol.md, operations.md) and RFCs. The team's
# working notes and issue numbers live elsewhere and go stale, so a citation of them is an
# error here. Checks every file git tracks, and new files not yet added (ignored ones such as
# node_modules/ and .next/ are skipped); prints file:line of each citation and exits 1.
set -u
cd "$(dirname "$0")/.."

pattern='quality\.md|product\.md|sectigo-api\.md|toolchain\.md|\.\./shared|shared/docs|(^|[^A-Za-z])[Ii]ssues? #?[0-9]'

hits=$(git grep --untracked -n -I -E "$pattern" -- . \
  ':(exclude)node_modules' ':(exclude).next' ':(exclude)drizzle/meta' \
  ':(exclude)package-lock.json' ':(exclude)scripts/check-citations.sh')
found=$?
if [ "$found" -gt 1 ]; then
  echo "check-citations: git grep failed" >&2
  exit 2
fi
if [ "$found" -eq 0 ]; then
  echo "These lines cite documents or issues outside the repository. Cite docs/security.md,"
  echo "docs/sectigo-protocol.md, docs/operations.md, docs/architecture.md or an RFC instead,"
  echo "or say the reason in place:"
  printf '%s\n' "$hits" | cut -d: -f1,2 | sed 's/^/  /'
  exit 1
fi
echo "comments cite only the repository's docs"
