// Reading the wasm binary format, as much as the build and the tests need: a cursor over
// its bytes and its sections.

/** A cursor at `pos` in `bytes`: LEB128 unsigned integers, single bytes, names. */
export function cursor(bytes, pos = 0) {
  return {
    pos,
    byte() {
      return bytes[this.pos++];
    },
    u32() {
      let result = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[this.pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return result;
      }
    },
    name() {
      const n = this.u32();
      this.pos += n;
      return Buffer.from(bytes.subarray(this.pos - n, this.pos)).toString('utf8');
    },
  };
}

/** The module's sections in order: `{ id, start, body, end }` (`body`: past the size). */
export function* sections(bytes) {
  const c = cursor(bytes, 8); // past the magic number and the version
  while (c.pos < bytes.length) {
    const start = c.pos;
    const id = c.byte();
    const size = c.u32();
    yield { id, start, body: c.pos, end: c.pos + size };
    c.pos += size;
  }
}

/** `n` as unsigned LEB128 bytes. */
export function leb128(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
