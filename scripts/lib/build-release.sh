#!/usr/bin/env bash
# Release build of the planner into dist/ (wasm-opt applied), then its gzip size.
# Used by scripts/test and by the GitHub Pages workflow; installs what is missing first.
set -euo pipefail
# shellcheck source=scripts/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

setup_build
trunk build --release --offline

# What a browser downloads: every file of dist/ compressed with gzip -9.
total=0
printf '\ngzip -9 size of dist/:\n'
while IFS= read -r file; do
  size="$(gzip -9 -c "$file" | wc -c)"
  total=$((total + size))
  printf '  %9d B  %s\n' "$size" "${file#dist/}"
done < <(find dist -type f | sort)
printf '  %9d B  total (%d KiB)\n' "$total" $(((total + 1023) / 1024))
