#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm, wasm-opt'ed, wasm-bindgen's glue for
# browsers/bundlers (ESM with init()), the same glue with the wasm inlined for Node (CommonJS
# and ESM, ready on load), plus the hand-written files of pkg-template/; and the same again in
# pkg/validate/ around the validator-only wasm (`convocore-leads/validate`).
# Usage: scripts/build.sh [--pack]   (--pack also writes pkg/../target/convocore-leads-<v>.tgz)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# One build at a time: tests read pkg/ while it is replaced.
mkdir -p "$ROOT/target"
exec 9>"$ROOT/target/.build.lock"
flock 9

# Two wasm builds: everything, for the package's main entry, and the validator alone
# (`--no-default-features`: no client, builder, diff or apply; Cargo.toml's features) for
# `convocore-leads/validate`, in a profile folder of its own so that both stay incremental.
# Each is built as a cdylib alone: beside the rlib of `crate-type` the wasm came out larger
# (BENCHMARKS.md, "The validator-only entry").
log "cargo build --release (wasm32): the full wasm, then the validator-only one"
wasm_cargo rustc --release --lib --crate-type cdylib --quiet
wasm_cargo rustc --profile validator --lib --crate-type cdylib --no-default-features --quiet
wasm="$(wasm_target_dir)/release/convocore_leads.wasm"
validator_wasm="$(wasm_target_dir)/validator/convocore_leads.wasm"
for f in "$wasm" "$validator_wasm"; do [ -f "$f" ] || die "no wasm at $f"; done
# The size test holds each route to its own budget.
wasm_route > "$ROOT/target/build-route"

out="$ROOT/target/pkg.tmp"
rm -rf "$out"
cp -R "$ROOT/pkg-template" "$out"
wbg="$(wasm_bindgen_bin)"
[ -x "$wbg" ] || die "wasm-bindgen $(wasm_bindgen_version) is not installed: run scripts/setup.sh"
esbuild="$ROOT/node_modules/.bin/esbuild"
[ -x "$esbuild" ] || die "esbuild (npm) missing: run scripts/setup.sh"
opt="$ROOT/node_modules/.bin/wasm-opt"
[ -x "$opt" ] || die "wasm-opt (npm binaryen) missing: run scripts/setup.sh"
version="$(node -p 'require(process.argv[1]).version' "$out/package.json")"

# The error class, the builder's chaining, the schema's lists and Standard Schema, and what
# connects them to the glue are written once, as ESM, and bundled into each entry (esbuild
# takes ESM into the CommonJS bundle too).
helpers="errors not-ready builder-chain setter-paths.generated schema schema.generated field-input gate bulk extend-glue"
declarations="errors schema"

# One entry point of the package in <dir>, from <dir>/web/index.js (its browser entry) and
# the Node and Cloudflare Workers entries and declarations of pkg-template: wasm-bindgen's
# ES module glue around <wasm> (with init() for browsers/bundlers; instantiated at once
# from the wasm's bytes inlined, for Node), bundled with the helpers, the wasm wasm-opt'ed.
# <instance> names the entry's one instance per Node process (set-up.js).
package_entry() {
  local wasm="$1" dir="$2" instance="$3" f h
  mkdir -p "$dir/node" "$dir/web" "$dir/workerd"
  # The main entry has its files from the copy of pkg-template; another gets the same.
  [ "$dir" = "$out" ] || cp "$ROOT"/pkg-template/node/* "$dir/node/"
  [ "$dir" = "$out" ] || cp "$ROOT"/pkg-template/workerd/* "$dir/workerd/"
  for f in index.d.ts package.json wasm.d.ts; do [ -f "$dir/web/$f" ] || cp "$ROOT/pkg-template/web/$f" "$dir/web/"; done
  # The Node target only for its declarations (Node's entries use the ES module glue).
  "$wbg" --target nodejs --out-dir "$dir/node" --out-name convocore_leads "$wasm"
  rm "$dir/node/convocore_leads.js" "$dir/node/convocore_leads_bg.wasm"
  "$wbg" --target web --out-dir "$dir/web" --out-name convocore_leads "$wasm"
  # The ES module glue is Node's too, as wasm-bindgen writes it (the browser entries guard
  # its exports until init(): not-ready.js).
  cp "$dir/web/convocore_leads.js" "$dir/node/convocore_leads.mjs"
  # --low-memory-unused: Rust's wasm keeps its stack and data above 1 MiB, so the first KiB
  # is never addressed and constant offsets fold into loads and stores. The producers and
  # target-features sections serve only linkers and tools.
  "$opt" -Oz --low-memory-unused --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$dir/web/convocore_leads_bg.wasm" -o "$dir/web/convocore_leads_bg.wasm.opt"
  mv "$dir/web/convocore_leads_bg.wasm.opt" "$dir/web/convocore_leads_bg.wasm"
  # Node's entries instantiate the wasm from its bytes inlined (wasm-bytes.js: bundlers and
  # Deno need no file), but the glue's init() names the file beside it, which bundlers
  # (Next.js, webpack) resolve at build time: it is there, never read.
  cp "$dir/web/convocore_leads_bg.wasm" "$dir/node/convocore_leads_bg.wasm"
  node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], `export default ${JSON.stringify(fs.readFileSync(process.argv[1]).toString("base64"))};\n`)' \
    "$dir/web/convocore_leads_bg.wasm" "$dir/node/wasm-bytes.js"
  for f in node web; do
    for h in $declarations; do cp "$ROOT/pkg-template/$h.d.ts" "$dir/$f/$h.d.ts"; done
    for h in $helpers; do cp "$ROOT/pkg-template/$h.js" "$dir/$f/$h.js"; done
    sed -i "s/__VERSION__/$version/" "$dir/$f/errors.js"
  done

  # The browser entry re-exports the glue's `publicPart` (extend-glue.js, as the Node entries
  # do) but the two init functions it wraps: ES modules have no `export *` with exceptions.
  local public
  public="$(node --input-type=module -e 'const [glue, extend] = await Promise.all(process.argv.slice(1).map((f) => import(f))); console.log(Object.keys(extend.publicPart(glue)).filter((n) => n !== "default" && n !== "initSync").join(", "))' "$dir/web/convocore_leads.js" "$dir/web/extend-glue.js")"
  sed -i "s/__PUBLIC_EXPORTS__/$public/" "$dir/web/index.js"
  # A browser downloads two files: the wasm and index.js, the entry with the glue and the
  # helpers bundled in (one request and one gzip stream instead of six). Minified (the docs
  # live in the .d.ts files; the glue's JSDoc was a third of its gzipped size) with
  # identifiers kept, so classes and functions keep their `name`. Node's copy stays readable.
  "$esbuild" "$dir/web/index.js" --bundle --format=esm --minify-whitespace --minify-syntax --log-level=warning --outfile="$dir/web/index.js" --allow-overwrite
  for f in convocore_leads $helpers; do rm "$dir/web/$f.js"; done
  # Node loads one file either way, each entry a bundle of the ES module glue, the wasm's
  # bytes, the helpers and set-up.js (each module is a file read and a compile at startup):
  # index.cjs as CommonJS, index.mjs as an ES module, so that `import` involves no CommonJS
  # loader. Readable, not minified. The two share one instance per process, found under
  # a key with the entry and the version in it (set-up.js).
  sed -i "s|__INSTANCE__|$instance|" "$dir/node/set-up.js"
  "$esbuild" "$dir/node/index.cjs" --bundle --platform=node --format=cjs --log-level=warning --outfile="$dir/node/index.cjs" --allow-overwrite
  local names missing
  names="$(node -e 'console.log(Object.keys(require(process.argv[1])).filter((n) => n !== "default").join(", "))' "$dir/node/index.cjs")"
  sed -i "s/__EXPORTS__/$names/" "$dir/node/index.mjs"
  "$esbuild" "$dir/node/index.mjs" --bundle --platform=node --format=esm --log-level=warning --outfile="$dir/node/index.mjs" --allow-overwrite
  for f in $helpers set-up load wasm-bytes; do rm "$dir/node/$f.js"; done
  rm "$dir/node/convocore_leads.mjs"
  # index.mjs exports the names of index.cjs: its own glue, loaded first, must have each.
  missing="$(node --input-type=module -e 'const m = await import(process.argv[1]); console.log(Object.keys(m).filter((n) => m[n] === undefined).join(", "))' "$dir/node/index.mjs")"
  [ -z "$missing" ] || die "the ES module glue of $dir lacks $missing"
  # Node's ESM entry gets the same declarations, read as ESM (a `.d.ts` in this
  # type-less folder would describe `import` as CommonJS, hiding the default export).
  cp "$dir/node/index.d.ts" "$dir/node/index.d.mts"

  # The glue's snippets (src/wasm/body.js) are bundled into each entry.
  rm -rf "$dir/node/.gitignore" "$dir/web/.gitignore" "$dir/node/snippets" "$dir/web/snippets"
}

package_entry "$wasm" "$out" "convocore-leads@$version"
package_entry "$validator_wasm" "$out/validate" "convocore-leads/validate@$version"
for f in $helpers; do rm "$out/$f.js"; done
for f in $declarations; do rm "$out/$f.d.ts"; done
cp "$ROOT/LICENSE" "$out/LICENSE"

rm -rf "$ROOT/pkg.old"
[ -d "$ROOT/pkg" ] && mv "$ROOT/pkg" "$ROOT/pkg.old"
mv "$out" "$ROOT/pkg"
rm -rf "$ROOT/pkg.old"
out="$ROOT/pkg"

if [ "${1:-}" = "--pack" ]; then
  (cd "$out" && npm pack --silent --pack-destination "$ROOT/target" >/dev/null)
  log "packed $(ls "$ROOT"/target/convocore-leads-*.tgz)"
fi
log "built pkg/ ($(gzip -9c "$out/web/convocore_leads_bg.wasm" | wc -c) bytes of wasm, gzipped; validate/: $(gzip -9c "$out/validate/web/convocore_leads_bg.wasm" | wc -c))"
