# Shared by the scripts in this folder: where things are and which route builds wasm.
# Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_CACHE="${CONVOCORE_TOOLS_CACHE:-$HOME/.cache/convocore-leads/tools}"
WASM_TARGET=wasm32-unknown-unknown

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen crate version pinned in Cargo.lock; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

wasm_bindgen_bin() {
  echo "$TOOLS_CACHE/wasm-bindgen-$(wasm_bindgen_version)/bin/wasm-bindgen"
}

# cargo-fuzz, cached per version like wasm-bindgen; scripts/fuzz.sh runs it on the default
# (stable) toolchain with RUSTC_BOOTSTRAP=1, so no nightly is needed.
CARGO_FUZZ_VERSION=0.13.2

cargo_fuzz_bin() {
  echo "$TOOLS_CACHE/cargo-fuzz-$CARGO_FUZZ_VERSION/bin/cargo-fuzz"
}

# Installs cargo-fuzz into the cache unless the pinned version is there (about a minute, once).
ensure_cargo_fuzz() {
  local bin root
  bin="$(cargo_fuzz_bin)"
  if [ -x "$bin" ] && [ "$("$bin" fuzz --version 2>/dev/null)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    return 0
  fi
  root="$(dirname "$(dirname "$bin")")"
  log "cargo install cargo-fuzz =$CARGO_FUZZ_VERSION (about a minute, once)"
  cargo install -q cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked --root "$root" \
    || die "cargo install cargo-fuzz failed"
  [ "$("$bin" fuzz --version 2>/dev/null)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ] \
    || die "installed cargo-fuzz reports '$("$bin" fuzz --version 2>&1)', want $CARGO_FUZZ_VERSION"
}

# True when the default toolchain already ships a wasm32 std (`rustup target add` was run).
has_plain_wasm_std() {
  local libdir
  libdir="$(rustc --print target-libdir --target "$WASM_TARGET" 2>/dev/null)" || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

# Which of wasm_cargo's two routes this machine takes: `plain` or `build-std`.
wasm_route() {
  if has_plain_wasm_std; then echo plain; else echo build-std; fi
}

# Both routes: opt-level "z" sets LLVM's inline threshold to 5, so small accessors of Vec,
# String and the allocator stay calls. Since validation reads JSON text directly (round 3
# in BENCHMARKS.md), 25 is as fast as 60 within noise (small 0.95-0.97x, full 1.01x,
# NDJSON 0.98x) and 1.6 KB smaller gzipped; 5 is both larger and 0.80-0.90x as fast.
WASM_RUSTFLAGS="-Cllvm-args=-inline-threshold=25"

# Size flags for the build-std route, which compiles std anyway: a panic aborts at
# once (it aborted already, after formatting a message nobody sees) and carries no
# file/line, so std's panic formatting and location strings drop out (~10 KB gzipped).
# The plain route's prebuilt std cannot take them (tests/js/size.test.mjs knows).
BUILD_STD_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zpanic_abort_tests"
# std's own size mode: smaller algorithms with the same results (integer formatting,
# searching, rotation; the crate sorts nothing).
BUILD_STD_FEATURES=optimize_for_size

# Runs cargo for the wasm32 target by whichever route this machine supports:
# the plain toolchain where it has a wasm32 std, otherwise Debian's rustc-web
# building std from source and linking with rustup's rust-lld.
wasm_cargo() {
  if has_plain_wasm_std; then
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RUSTFLAGS" cargo "$@" --target "$WASM_TARGET"
  else
    local lld
    lld="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
    [ -x "$lld" ] || die "rust-lld not found at $lld (needed to link wasm on the Debian route)"
    [ -x /usr/bin/rustc ] || die "Debian's rustc-web is missing: run scripts/setup.sh"
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RUSTFLAGS $BUILD_STD_RUSTFLAGS" \
      CARGO_TARGET_DIR="$ROOT/target/debian-web" \
      /usr/bin/cargo "$@" -Zbuild-std=std,panic_abort -Zbuild-std-features="$BUILD_STD_FEATURES" --target "$WASM_TARGET"
  fi
}

wasm_target_dir() {
  if has_plain_wasm_std; then echo "$ROOT/target/$WASM_TARGET"; else echo "$ROOT/target/debian-web/$WASM_TARGET"; fi
}
