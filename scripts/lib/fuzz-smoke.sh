#!/usr/bin/env bash
# A short real fuzz run of every cargo-fuzz target in fuzz/ (nightly, AddressSanitizer, debug
# assertions: cargo-fuzz's defaults), installing cargo-fuzz and the nightly toolchain when
# missing. Each target starts from its committed seed corpus and runs for at most RUNS inputs or
# SECONDS seconds; what it finds goes to a corpus under target/, not into fuzz/corpus. A crash
# fails the run (libFuzzer leaves the input in fuzz/artifacts/<target>/).
#
#   scripts/lib/fuzz-smoke.sh [SECONDS] [RUNS]     (defaults: 10 and 2000)
#
# Not a stage of scripts/test (it adds minutes to CI; BENCHMARKS.md, "Fuzzing", has the cost).
set -euo pipefail
# shellcheck source=scripts/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

seconds=${1:-10}
runs=${2:-2000}
CARGO_FUZZ_VERSION=0.13.2

ensure_base_tools
ensure_release_toolchain
if ! cargo fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  run_logged cargo-fuzz "${FAST_TOOL_BUILD[@]}" cargo install --locked cargo-fuzz \
    --version "=$CARGO_FUZZ_VERSION"
fi

target_dir="$ROOT/target/fuzz-smoke"
started=$SECONDS
cargo +nightly fuzz build --target-dir "$target_dir"
printf '    (fuzz build: %ds)\n' $((SECONDS - started))
for file in fuzz/fuzz_targets/*.rs; do
  name="$(basename "$file" .rs)"
  corpus="$target_dir/corpus/$name"
  mkdir -p "$corpus"
  t0=$SECONDS
  log="$target_dir/$name.log"
  status=0
  cargo +nightly fuzz run --target-dir "$target_dir" "$name" "$corpus" "fuzz/corpus/$name" -- \
    -runs="$runs" -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    die "fuzz target $name failed (full log: ${log#"$ROOT"/}; the input is in fuzz/artifacts/$name/)"
  fi
  grep -E '^(Done|stat::peak_rss_mb)' "$log" || true
  printf '    (%s: %ds)\n' "$name" $((SECONDS - t0))
done
printf '\nEvery fuzz target ran without a failure in %ds.\n' $((SECONDS - started))
