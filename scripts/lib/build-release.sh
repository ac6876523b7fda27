#!/usr/bin/env bash
# Release build of the planner into dist/ (wasm-opt applied, what the page loads first minified),
# then its gzip size.
#
#   scripts/lib/build-release.sh [--toolchain auto|stable|nightly]
#
# Two paths to the same site:
#   stable   the pinned toolchain of rust-toolchain.toml alone;
#   nightly  the standard library rebuilt for size with panics that abort at once (about 30 KB
#            gzip smaller, BENCHMARKS-ui.md): needs a nightly toolchain with `rust-src`.
# `auto` (the default) takes the nightly path where such a nightly is installed, else stable.
# Used by scripts/test (both paths), scripts/offline and the GitHub Pages workflow; installs what
# is missing first. Trunk's post_build hook (scripts/lib/post-build.mjs) adds api.js, api.d.ts,
# portolan.css, version.json and 404.html.
set -euo pipefail
# shellcheck source=scripts/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

toolchain=auto
case "${1:-}" in
  "") ;;
  --toolchain) toolchain="${2:-}" ;;
  --toolchain=*) toolchain="${1#--toolchain=}" ;;
  *) die "unknown argument \`$1\` (build-release.sh [--toolchain auto|stable|nightly])" ;;
esac
case "$toolchain" in
  auto | stable | nightly) ;;
  *) die "unknown toolchain \`$toolchain\` (use auto, stable or nightly)" ;;
esac

setup_build
if [ "$toolchain" = auto ]; then
  if release_toolchain_ready; then toolchain=nightly; else toolchain=stable; fi
fi
if [ "$toolchain" = nightly ]; then
  ensure_release_toolchain
  release_build_env
  say "release build: $RELEASE_TOOLCHAIN toolchain, standard library rebuilt for size"
else
  say "release build: the pinned stable toolchain ($(rustc --version))"
fi
trunk build --release --offline
node scripts/lib/minify.mjs dist

# What a browser downloads to open the planner: index.html and every file it names, compressed
# with gzip -9 (by kind: wasm, JS, CSS, other). The API module (engine and exporters), which the
# planner names in <meta name="portolan-api-*"> and loads when the Export view first opens, is
# listed apart, as is the whole catalog (<meta name="portolan-catalog-file">, loaded when a plan
# first has products), and so are the other files (the API entry point, 404.html, ...).
gz() { gzip -9 -c "$1" | wc -c; }
loaded="$(grep -oE '(href|src|content)="\./[^"]+"' dist/index.html | grep -v 'portolan-api-\|portolan-views-\|catalog-[0-9a-f]*\.bin' |
  sed -E 's/^[a-z]+="\.\/(.*)"$/\1/' | sort -u)"
lazy="$(grep -oE '<meta name="portolan-(api-js|api-wasm|views-js|views-wasm|catalog-file)" content="\./[^"]+"' dist/index.html |
  sed -E 's/.*content="\.\/(.*)"$/\1/' | sort -u)"
total=0 lazy_total=0
declare -A kinds=([wasm]=0 [js]=0 [css]=0 [other]=0)
first="" later="" others=""
while IFS= read -r file; do
  rel="${file#dist/}"
  size="$(gz "$file")"
  line="$(printf '  %9d B  %s' "$size" "$rel")"$'\n'
  if [ "$rel" = index.html ] || grep -qxF "$rel" <<<"$loaded"; then
    total=$((total + size))
    case "$rel" in
      *.wasm) kind=wasm ;; *.js) kind=js ;; *.css) kind=css ;; *) kind=other ;;
    esac
    kinds[$kind]=$((kinds[$kind] + size))
    first+="$line"
  elif grep -qxF "$rel" <<<"$lazy"; then
    lazy_total=$((lazy_total + size))
    later+="$line"
  else
    others+="$line"
  fi
done < <(find dist -type f | sort)
# The bundled catalog is compiled into the planner's wasm (validated by crates/bundled/build.rs, in the compact
# form of crates/catalog/src/compact.rs, in the data section): its own gzip -9 size, for scale, next to
# its TOML's (which the API module carries).
catalog_gz="$(cat catalog/*.toml | gzip -9 -c | wc -c)"
compiled_bin="$(ls -t target/wasm32-unknown-unknown/wasm-release/build/portolan-*/out/bundled_catalog_lite.bin 2>/dev/null | head -n 1 || true)"
compiled_gz="$(if [ -n "$compiled_bin" ]; then gzip -9 -c "$compiled_bin" | wc -c; else echo "?"; fi)"
printf '\ngzip -9 size of what the planner page loads (dist/, %s toolchain):\n%s' "$toolchain" "$first"
printf '  %9d B  total (%d KiB): wasm %d, JS %d, CSS %d, other %d (HTML, icon)\n' "$total" \
  $(((total + 1023) / 1024)) "${kinds[wasm]}" "${kinds[js]}" "${kinds[css]}" "${kinds[other]}"
printf '             (the bundled catalog without its long texts, compiled into the wasm: %s B gzip -9 on its own; its TOML is %d B)\n' "$compiled_gz" "$catalog_gz"
printf 'loaded on first use (the Export view; api.js: the API module; a plan with products: the whole catalog):\n%s' "$later"
printf '  %9d B  total (%d KiB)\n' "$lazy_total" $(((lazy_total + 1023) / 1024))
if [ -n "$others" ]; then
  printf 'other files of dist/ (not loaded by the planner page):\n%s' "$others"
fi
