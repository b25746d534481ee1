#!/usr/bin/env bash
# Fuzzes the native core with cargo-fuzz (libFuzzer, nightly toolchain):
#   scripts/fuzz.sh --smoke     every target for 10 s (what scripts/test.sh runs)
#   scripts/fuzz.sh [SECONDS]   every target for SECONDS each (default 600), one process
#                               at a time, e.g. `scripts/fuzz.sh 600` before a release
#   scripts/fuzz.sh SECONDS TARGET...   only those targets
# Without `cargo +nightly fuzz` it prints a skip line and exits 0, so the test suite
# passes on machines that have no nightly toolchain. A crash fails the run and leaves its
# input in fuzz/artifacts/TARGET/: turn it into a test in tests/core_regressions.rs.
source "$(dirname "$0")/lib.sh"
cd "$ROOT/fuzz"

seconds=600
if [ "${1:-}" = "--smoke" ]; then seconds=10; shift
elif [ -n "${1:-}" ]; then seconds="$1"; shift
fi
[[ "$seconds" =~ ^[0-9]+$ ]] || die "usage: scripts/fuzz.sh [--smoke | SECONDS] [TARGET...]"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: SKIPPED (no \`cargo +nightly fuzz\`: rustup toolchain install nightly && cargo install cargo-fuzz)"
  exit 0
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)

total_runs=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  log "fuzz $t for ${seconds}s"
  # One process (2 shared cores); -timeout makes a slow input (unbounded work) a failure.
  out="$(cargo +nightly fuzz run -O "$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1)" || {
    printf '%s\n' "$out" | tail -40 >&2
    die "fuzz target $t failed: see fuzz/artifacts/$t/"
  }
  runs="$(printf '%s\n' "$out" | sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' | tail -1)"
  echo "fuzz: $t: ${runs:-?} runs in ${seconds}s, no crash"
  total_runs=$((total_runs + ${runs:-0}))
done
echo "fuzz: ${#targets[@]} targets, $total_runs runs, no crash"
