#!/usr/bin/env bash
# Runs every test of the project, installing whatever is missing first:
# native core tests, the binding's wasm-bindgen tests in Node and in headless
# Chromium, then the packed npm package's Node, TypeScript, bundler and browser tests.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

log "cargo test (native core)"
cargo test --quiet
log "fuzz smoke run (cargo-fuzz on stable with RUSTC_BOOTSTRAP=1, 10 s a target)"
"$ROOT/scripts/fuzz.sh" --smoke

runner="$(dirname "$(wasm_bindgen_bin)")/wasm-bindgen-test-runner"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$runner"
log "wasm-bindgen tests in Node"
wasm_cargo test --test wasm_api
log "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
  wasm_cargo test --test wasm_api

"$ROOT/scripts/build.sh" --pack

log "JavaScript tests (node:test) on the built and packed package"
node --test --test-concurrency=1 "$ROOT"/tests/js/*.test.mjs
