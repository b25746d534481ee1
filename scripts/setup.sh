#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; idempotent, and
# quick when everything is there. Usage: scripts/setup.sh [--no-browser]
source "$(dirname "$0")/lib.sh"

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

apt_missing=()
need_deb() { dpkg -s "$1" >/dev/null 2>&1 || apt_missing+=("$1"); }

if has_plain_wasm_std; then
  log "wasm32 std found in the default toolchain: plain cargo route"
else
  log "no wasm32 std in the default toolchain: Debian rustc-web route (std built from source)"
  need_deb rustc-web; need_deb cargo-web; need_deb rust-web-src
fi
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || need_deb chromium
  command -v chromedriver >/dev/null || need_deb chromium-driver
fi

if [ ${#apt_missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${apt_missing[*]} and no apt-get here: install them by hand"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  log "apt-get install ${apt_missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# wasm-bindgen-cli, cached per version outside the work tree so a fresh clone reuses it.
wbg_version="$(wasm_bindgen_version)"
[ -n "$wbg_version" ] || die "wasm-bindgen is not in Cargo.lock"
wbg="$(wasm_bindgen_bin)"
if [ -x "$wbg" ] && [ "$("$wbg" --version 2>/dev/null)" = "wasm-bindgen $wbg_version" ]; then
  :
else
  [ -e "$wbg" ] && log "cached wasm-bindgen reports '$("$wbg" --version 2>&1)', Cargo.lock wants $wbg_version: reinstalling"
  root="$(dirname "$(dirname "$wbg")")"
  log "cargo install wasm-bindgen-cli =$wbg_version (a few minutes, once)"
  # --locked first, as upstream intends; its lockfile can name a crate version the
  # registry no longer serves, and then a fresh resolution is the only way.
  if ! cargo install -q wasm-bindgen-cli --version "=$wbg_version" --locked --root "$root" 2>/tmp/convocore-wbg.log; then
    grep -q "failed to select a version" /tmp/convocore-wbg.log \
      || { cat /tmp/convocore-wbg.log >&2; die "cargo install wasm-bindgen-cli failed"; }
    log "upstream lockfile does not resolve against the registry; installing with fresh resolution"
    cargo install -q wasm-bindgen-cli --version "=$wbg_version" --root "$root"
  fi
  [ "$("$wbg" --version)" = "wasm-bindgen $wbg_version" ] || die "installed wasm-bindgen is $("$wbg" --version), want $wbg_version"
fi

# cargo-fuzz for scripts/fuzz.sh (the smoke run is part of scripts/test.sh), cached too.
ensure_cargo_fuzz

# Node dev dependencies, reinstalled only when the lockfile changed.
lock_sum="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
stamp="$ROOT/node_modules/.convocore-lock-sha256"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  log "npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
fi
log "setup complete"
