#!/usr/bin/env bash
# Fuzzes the native core with cargo-fuzz (libFuzzer):
#   scripts/fuzz.sh --smoke     every target for 10 s (what scripts/test.sh runs)
#   scripts/fuzz.sh [SECONDS]   every target for SECONDS each (default 600), one process
#                               at a time, e.g. `scripts/fuzz.sh 600` before a release
#   scripts/fuzz.sh SECONDS TARGET...   only those targets
# No nightly toolchain needed: cargo-fuzz (installed once into the tools cache by
# scripts/setup.sh, or here when missing) runs on the default stable toolchain with
# RUSTC_BOOTSTRAP=1, which lets stable rustc take the -Z flags cargo-fuzz passes
# (sanitizer, coverage instrumentation). AddressSanitizer is used when the toolchain ships
# its runtime (rustup's stable does), otherwise `--sanitizer none` (panics and asserts
# still count as crashes). It never skips: a build failure, a crash, a slow input
# (-timeout) or a run that executed nothing fails with a non-zero status. A crash leaves
# its input in fuzz/artifacts/TARGET/: turn it into a test in tests/core_regressions.rs.
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"

seconds=600
if [ "${1:-}" = "--smoke" ]; then seconds=10; shift
elif [ -n "${1:-}" ]; then seconds="$1"; shift
fi
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/fuzz.sh [--smoke | SECONDS] [TARGET...]"

ensure_cargo_fuzz
cargo_fuzz="$(cargo_fuzz_bin)"
export RUSTC_BOOTSTRAP=1
fuzz() { "$cargo_fuzz" fuzz "$@"; }

sanitizer=address
compgen -G "$(rustc --print target-libdir)/librustc-*_rt.asan.a" >/dev/null || sanitizer=none

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(fuzz list)
[ ${#targets[@]} -gt 0 ] || die "cargo fuzz list found no targets"

log "build fuzz targets ($(rustc --version | cut -d' ' -f2) with RUSTC_BOOTSTRAP=1, sanitizer $sanitizer)"
fuzz build -O --sanitizer "$sanitizer" || die "building the fuzz targets failed"

total_runs=0
start=$SECONDS
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  log "fuzz $t for ${seconds}s"
  # One process (2 shared cores); -timeout makes a slow input (unbounded work) a failure.
  out="$(fuzz run -O --sanitizer "$sanitizer" "$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1)" || {
    mkdir -p "artifacts/$t"
    printf '%s\n' "$out" > "artifacts/$t/fuzz.log"
    # The panic or sanitizer report, cargo-fuzz's last words, and how to reproduce it.
    printf '%s\n' "$out" | grep -E -A4 "panicked at|^==[0-9]+==ERROR|^SUMMARY:|ERROR: libFuzzer" | head -30 >&2
    printf '%s\n' "$out" | grep -E -v '^#[0-9]|^ +([0-9]+:|at )|^Stack backtrace:|^$' | tail -4 >&2
    input="$(printf '%s\n' "$out" | sed -n 's/.*Test unit written to \(.*\)$/\1/p' | tail -1)"
    echo "reproduce: (cd fuzz && RUSTC_BOOTSTRAP=1 $cargo_fuzz fuzz run -O --sanitizer $sanitizer $t ${input:-artifacts/$t/...})" >&2
    die "fuzz target $t failed: full log in fuzz/artifacts/$t/fuzz.log"
  }
  runs="$(printf '%s\n' "$out" | sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' | tail -1)"
  [ "${runs:-0}" -gt 0 ] || { printf '%s\n' "$out" | tail -20 >&2; die "fuzz target $t executed no input"; }
  echo "fuzz: $t: $runs runs in ${seconds}s, no crash"
  total_runs=$((total_runs + runs))
done
echo "fuzz: ${#targets[@]} targets, $total_runs runs in $((SECONDS - start))s (sanitizer $sanitizer), no crash"
