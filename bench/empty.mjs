// An empty module: the cold-start baseline of bench/run.mjs (what Node's ESM loader costs
// any package on its first import of a file).
export {};
