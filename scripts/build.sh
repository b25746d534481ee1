#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm, wasm-bindgen glue for Node
# (CommonJS, loads synchronously) and for browsers/bundlers (ESM with init()),
# wasm-opt'ed, plus the hand-written files of pkg-template/.
# Usage: scripts/build.sh [--pack]   (--pack also writes pkg/../target/convocore-leads-<v>.tgz)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# One build at a time: tests read pkg/ while it is replaced.
mkdir -p "$ROOT/target"
exec 9>"$ROOT/target/.build.lock"
flock 9

log "cargo build --release (wasm32)"
wasm_cargo build --release --lib --quiet
wasm="$(wasm_target_dir)/release/convocore_leads.wasm"
[ -f "$wasm" ] || die "no wasm at $wasm"
# The size test holds each route to its own budget.
wasm_route > "$ROOT/target/build-route"

out="$ROOT/target/pkg.tmp"
rm -rf "$out"
cp -R "$ROOT/pkg-template" "$out"
wbg="$(wasm_bindgen_bin)"
[ -x "$wbg" ] || die "wasm-bindgen $(wasm_bindgen_version) is not installed: run scripts/setup.sh"
# wasm-bindgen's stock output, wasm-opt'ed below.
"$wbg" --target nodejs --out-dir "$out/node" --out-name convocore_leads "$wasm"
"$wbg" --target web --out-dir "$out/web" --out-name convocore_leads "$wasm"
# The ES module glue is Node's too, for its ESM entry (below).
cp "$out/web/convocore_leads.js" "$out/node/convocore_leads.mjs"

# The error class, the builder's chaining, the schema's lists and Standard Schema, and what
# connects them to the glue are written once, as ESM, and bundled into each entry below
# (esbuild takes ESM into the CommonJS bundle too).
helpers="errors builder-chain setter-paths.generated schema schema.generated extend-glue"
for d in errors schema; do
  cp "$ROOT/pkg-template/$d.d.ts" "$out/node/$d.d.ts"
  mv "$out/$d.d.ts" "$out/web/$d.d.ts"
done
for f in $helpers; do
  cp "$out/$f.js" "$out/node/$f.js"
  mv "$out/$f.js" "$out/web/$f.js"
done
# The browser entry re-exports the glue's `publicPart` (extend-glue.js, as the Node entries
# do) but the two init functions it wraps: ES modules have no `export *` with exceptions.
public="$(node --input-type=module -e 'const [glue, extend] = await Promise.all(process.argv.slice(1).map((f) => import(f))); console.log(Object.keys(extend.publicPart(glue)).filter((n) => n !== "default" && n !== "initSync").join(", "))' "$out/web/convocore_leads.js" "$out/web/extend-glue.js")"
sed -i "s/__PUBLIC_EXPORTS__/$public/" "$out/web/index.js"
# A browser downloads two files: the wasm and index.js, the entry with the glue and the
# helpers bundled in (one request and one gzip stream instead of six). Minified (the docs
# live in the .d.ts files; the glue's JSDoc was a third of its gzipped size) with
# identifiers kept, so classes and functions keep their `name`. Node's copy stays readable.
esbuild="$ROOT/node_modules/.bin/esbuild"
[ -x "$esbuild" ] || die "esbuild (npm) missing: run scripts/setup.sh"
"$esbuild" "$out/web/index.js" --bundle --format=esm --minify-whitespace --minify-syntax --log-level=warning --outfile="$out/web/index.js" --allow-overwrite
for f in convocore_leads $helpers; do rm "$out/web/$f.js"; done
# Node loads one file either way, each entry a bundle of its glue, the helpers and
# set-up.js (each module is a file read and a compile at startup): index.cjs with the
# CommonJS glue, index.mjs with the ES module glue, so that `import` involves no CommonJS
# loader. Readable, not minified. The two share one instance per process and version,
# found under a key with the version in it (set-up.js).
version="$(node -p 'require(process.argv[1]).version' "$out/package.json")"
sed -i "s/__VERSION__/$version/" "$out/node/set-up.js"
"$esbuild" "$out/node/index.cjs" --bundle --platform=node --format=cjs --log-level=warning --outfile="$out/node/index.cjs" --allow-overwrite
names="$(node -e 'console.log(Object.keys(require(process.argv[1])).filter((n) => n !== "default").join(", "))' "$out/node/index.cjs")"
sed -i "s/__EXPORTS__/$names/" "$out/node/index.mjs"
"$esbuild" "$out/node/index.mjs" --bundle --platform=node --format=esm --log-level=warning --outfile="$out/node/index.mjs" --allow-overwrite
for f in convocore_leads $helpers set-up; do rm "$out/node/$f.js"; done
rm "$out/node/convocore_leads.mjs"
# index.mjs exports the names of index.cjs: its own glue, loaded first, must have each.
missing="$(node --input-type=module -e 'const m = await import(process.argv[1]); console.log(Object.keys(m).filter((n) => m[n] === undefined).join(", "))' "$out/node/index.mjs")"
[ -z "$missing" ] || die "the ES module glue lacks $missing"
# Node's ESM entry gets the same declarations, read as ESM (a `.d.ts` in this
# type-less folder would describe `import` as CommonJS, hiding the default export).
cp "$out/node/index.d.ts" "$out/node/index.d.mts"

opt="$ROOT/node_modules/.bin/wasm-opt"
[ -x "$opt" ] || die "wasm-opt (npm binaryen) missing: run scripts/setup.sh"
# --low-memory-unused: Rust's wasm keeps its stack and data above 1 MiB, so the first KiB
# is never addressed and constant offsets fold into loads and stores. The producers and
# target-features sections serve only linkers and tools.
for f in "$out/node/convocore_leads_bg.wasm" "$out/web/convocore_leads_bg.wasm"; do
  "$opt" -Oz --low-memory-unused --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$f" -o "$f"
done
rm -f "$out/node/.gitignore" "$out/web/.gitignore"
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
log "built pkg/ ($(gzip -9c "$out/web/convocore_leads_bg.wasm" | wc -c) bytes of wasm, gzipped)"
