# shellcheck shell=bash
# Shared helpers for scripts/serve and scripts/test: install what is missing, quietly when it is
# already there, loudly (with the installer's log) when an install fails.
#
# Source this file; it sets ROOT (the repository root) and puts the project's tools on PATH.
# Every ensure_* function is idempotent: it checks first and only installs what is missing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="$ROOT/tests/e2e"
LOG_DIR="$ROOT/target/setup-logs"

# Cargo-installed tools, and wasm-opt from the npm package `binaryen`.
export PATH="$HOME/.cargo/bin:$E2E_DIR/node_modules/.bin:$PATH"

# Trunk 0.22 needs a newer rustc than this machine kind has.
TRUNK_VERSION_REQ='^0.21'
TRUNK_MINOR='0.21'

# Build tools for this machine only: skip their fat LTO and single codegen unit, which cost many
# minutes of compiling (trunk's own release profile) for a tool that is barely faster.
FAST_TOOL_BUILD=(env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf '\nerror: %s\n' "$*" >&2
  exit 1
}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "\`$1\` is not installed. $2"
}

# Run a long install with its output in a log; show the log's end when it fails.
run_logged() {
  local name=$1
  shift
  mkdir -p "$LOG_DIR"
  local log="$LOG_DIR/$name.log"
  if ! "$@" >"$log" 2>&1; then
    printf '\n--- last lines of %s ---\n' "${log#"$ROOT"/}" >&2
    tail -n 40 "$log" >&2
    die "installing $name failed: \`$*\` (full log: ${log#"$ROOT"/})"
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run \`$*\` (not root and no sudo)"
  fi
}

# The wasm-bindgen version that Cargo.lock resolved; the CLI must be exactly this version.
wasm_bindgen_lock_version() {
  awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && $1 == "version" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# `key = "value"` under [tools] in Trunk.toml.
trunk_tool_setting() {
  awk -v key="$1" '
    /^\[/ { in_tools = ($0 == "[tools]"); next }
    in_tools && $1 == key { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Trunk.toml"
}

ensure_base_tools() {
  need_cmd cargo "Install Rust with rustup: https://rustup.rs"
  need_cmd rustup "Install Rust with rustup: https://rustup.rs"
  need_cmd node "Install Node.js 20 or newer."
  need_cmd npm "Install npm (it comes with Node.js)."
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$node_major" -ge 20 ] || die "Node.js 20 or newer is needed (found $(node --version))."
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the rust target wasm32-unknown-unknown"
    run_logged rustup-target rustup target add wasm32-unknown-unknown
  fi
}

ensure_rustfmt_clippy() {
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    say "adding rustfmt and clippy"
    run_logged rustup-components rustup component add rustfmt clippy
  fi
}

ensure_trunk() {
  local have=""
  if command -v trunk >/dev/null 2>&1; then
    have="$(trunk --version 2>/dev/null | awk '{print $2}')"
  fi
  case "$have" in
    "$TRUNK_MINOR".*) return 0 ;;
  esac
  say "installing trunk $TRUNK_VERSION_REQ${have:+ (found $have)} with cargo (first time: about 10 minutes)"
  run_logged trunk "${FAST_TOOL_BUILD[@]}" cargo install --locked trunk --version "$TRUNK_VERSION_REQ"
}

ensure_wasm_bindgen_cli() {
  local want have=""
  want="$(wasm_bindgen_lock_version)"
  [ -n "$want" ] || die "could not find the wasm-bindgen version in Cargo.lock"
  if command -v wasm-bindgen >/dev/null 2>&1 && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    have="$(wasm-bindgen --version | awk '{print $2}')"
  fi
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want${have:+ (found $have)} with cargo (first time: about 5 minutes)"
    # Not --locked: a dependency locked by wasm-bindgen-cli can be missing from the registry.
    run_logged wasm-bindgen-cli "${FAST_TOOL_BUILD[@]}" cargo install wasm-bindgen-cli --version "=$want"
  fi
  local configured
  configured="$(trunk_tool_setting wasm_bindgen)"
  [ "$configured" = "$want" ] ||
    die "Trunk.toml [tools] wasm_bindgen = \"$configured\" but Cargo.lock has wasm-bindgen $want; make them equal"
}

# npm packages of the end-to-end tests, and binaryen (wasm-opt) for the release build.
ensure_npm_deps() {
  local stamp="$E2E_DIR/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$E2E_DIR/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages of tests/e2e (playwright-core, ws, axe-core, binaryen, csso, css-tree, typescript)"
    run_logged npm-ci npm ci --prefix "$E2E_DIR" --no-audit --no-fund --loglevel=error
  fi
  local want have
  want="$(trunk_tool_setting wasm_opt)"
  have="version_$(wasm-opt --version | awk '{print $3}')"
  [ "$have" = "$want" ] ||
    die "Trunk.toml [tools] wasm_opt = \"$want\" but the installed wasm-opt is $have; make them equal"
}

# Trunk runs cargo with --offline (Trunk.toml), so every crate must already be downloaded.
ensure_crates_fetched() {
  run_logged cargo-fetch cargo fetch --locked --manifest-path "$ROOT/Cargo.toml"
}

# Debian packages: the browsers for the tests (Chromium, and Firefox ESR for the offline file,
# driven over WebDriver BiDi), firewall tools for the firewall tests, ShellCheck, which the
# hostile-input corpus tests (crates/cli/tests/hostile_corpus.rs, tests/hostile_corpus.rs) run on
# every generated shell script, and g++, with which libfuzzer-sys builds libFuzzer when the fuzz
# targets are compiled.
ensure_apt_packages() {
  local -a missing=()
  local pkg cmd
  for pair in chromium:chromium chromium-driver:chromedriver firefox-esr:firefox-esr \
    nftables:nft iptables:iptables iproute2:ip shellcheck:shellcheck g++:g++; do
    pkg="${pair%%:*}"
    cmd="${pair#*:}"
    PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "missing ${missing[*]} and no apt-get to install them; install them with your package manager"
  say "installing Debian packages: ${missing[*]}"
  run_logged apt-update as_root apt-get update
  run_logged apt-install as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

# The release build compiles the standard library itself, for size (see release_build_env):
# that needs a nightly toolchain with the standard library's source, and the crates the standard
# library depends on downloaded (Trunk runs cargo with --offline). Development builds
# (scripts/serve) and every test use the stable toolchain and do not need this.
RELEASE_TOOLCHAIN=nightly

# True when the nightly toolchain and its standard library's source are installed.
release_toolchain_ready() {
  rustup toolchain list | grep -q "^$RELEASE_TOOLCHAIN-" &&
    rustup component list --toolchain "$RELEASE_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src'
}

ensure_release_toolchain() {
  if ! rustup toolchain list | grep -q "^$RELEASE_TOOLCHAIN-"; then
    say "installing the $RELEASE_TOOLCHAIN toolchain (for the size-optimised release build)"
    run_logged rustup-nightly rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal \
      --component rust-src
  fi
  if ! rustup component list --toolchain "$RELEASE_TOOLCHAIN" --installed | grep -q '^rust-src'; then
    say "adding the standard library's source (rust-src) to the $RELEASE_TOOLCHAIN toolchain"
    run_logged rustup-rust-src rustup component add rust-src --toolchain "$RELEASE_TOOLCHAIN"
  fi
  local library
  library="$(rustc "+$RELEASE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library"
  run_logged cargo-fetch-std cargo "+$RELEASE_TOOLCHAIN" fetch --locked \
    --manifest-path "$library/Cargo.toml"
}

# The environment of the release build (Trunk runs cargo in it, for both wasm modules): the
# nightly toolchain rebuilds the standard library with the crate's size-optimised profile
# (`-Zbuild-std`) and with panics that abort at once (`-Cpanic=immediate-abort`), so no panic
# message formatting or source location is linked: about 30 KB gzip less in the planner's wasm
# (BENCHMARKS-ui.md). A panic still stops the module with a trap, which the page's error handler
# turns into its recoverable error screen (src/ui/dom.rs); only the message is lost.
release_build_env() {
  export RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN"
  export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
}

# What building the planner needs (scripts/serve and the release build).
setup_build() {
  ensure_base_tools
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen_cli
  ensure_npm_deps
  ensure_crates_fetched
}

# Everything scripts/test needs.
# nftables, iptables, iproute2 and Aerleon (PyPI) for the firewall tests on a real kernel
# (tests/export_kernel.rs); tests/kernel/setup.sh checks first and installs only what is missing.
ensure_kernel_test_tools() {
  run_logged kernel-test-tools as_root sh "$ROOT/tests/kernel/setup.sh"
}

setup_test() {
  ensure_apt_packages
  setup_build
  ensure_rustfmt_clippy
  ensure_kernel_test_tools
}
