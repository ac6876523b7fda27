#!/usr/bin/env bash
# Release build of the planner into dist/ (wasm-opt applied), then its gzip size.
# Used by scripts/test, scripts/offline and the GitHub Pages workflow; installs what is missing
# first. Trunk's post_build hook (scripts/lib/post-build.mjs) adds api.js, api.d.ts,
# portolan.css, version.json and 404.html.
set -euo pipefail
# shellcheck source=scripts/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

setup_build
trunk build --release --offline

# What a browser downloads to open the planner: index.html and every file it names, compressed
# with gzip -9. The other files (the API entry point, 404.html, ...) are listed apart.
loaded="$(grep -oE '(href|src|content)="\./[^"]+"' dist/index.html | sed -E 's/^[a-z]+="\.\/(.*)"$/\1/' | sort -u)"
total=0
others=""
printf '\ngzip -9 size of what the planner page loads (dist/):\n'
while IFS= read -r file; do
  rel="${file#dist/}"
  size="$(gzip -9 -c "$file" | wc -c)"
  if [ "$rel" = index.html ] || grep -qxF "$rel" <<<"$loaded"; then
    total=$((total + size))
    printf '  %9d B  %s\n' "$size" "$rel"
  else
    others+="$(printf '  %9d B  %s' "$size" "$rel")"$'\n'
  fi
done < <(find dist -type f | sort)
printf '  %9d B  total (%d KiB)\n' "$total" $(((total + 1023) / 1024))
if [ -n "$others" ]; then
  printf 'other files of dist/ (not loaded by the planner page):\n%s' "$others"
fi
