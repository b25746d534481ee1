//! Small text routines that keep std's generic machinery out of the wasm: substring
//! search without the two-way searcher (about 1.7 KB of wasm), and whole numbers read and
//! written without `core::fmt` and `from_str_radix`. Every needle here is short (a tag,
//! `::`, `%2e`, an API key) and every haystack a message, a URL or an error page, where the
//! plain scan is as fast.

/// The byte offset of the first `needle` in `hay`. A match of UTF-8 in UTF-8 always starts
/// at a char boundary.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    (0..=hay.len().checked_sub(needle.len())?).find(|&i| hay[i..].starts_with(needle))
}

/// `hay` with every `needle` (not empty) replaced by `with`, left to right.
pub fn replace(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = find(rest, needle).filter(|_| !needle.is_empty()) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

/// `a == b` with the lengths compared first, inline: at the size-optimizing opt-level each
/// comparison is otherwise a chain of calls, for every candidate name, enum value or key.
#[inline(always)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a == b
}

/// `0x01` in each byte of a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// The zero bytes of `word` (little-endian), as their high bits: the has-zero-byte test on
/// eight bytes at once. The lowest one marked is exact; above it a borrow may mark more.
/// None is marked when no byte is zero.
#[inline(always)]
pub(crate) fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & (ONES << 7)
}

/// Where the first `byte` is in `b` from `from` on: eight bytes at a time (the zero bytes of
/// the word XOR `byte`), where the wasm's `memchr` takes four.
pub(crate) fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    let mut i = from;
    while let Some(Ok(word)) = b.get(i..i + 8).map(<&[u8; 8]>::try_from) {
        let found = zero_bytes(u64::from_le_bytes(*word) ^ (ONES * u64::from(byte)));
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == byte).map(|p| i + p)
}

/// The whole number written in `s` with digits of `radix` (2 to 16) only: no sign, no
/// space, not empty; `None` when it does not fit in a `u32`.
pub fn parse_uint(s: &str, radix: u32) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |n, c| n.checked_mul(radix)?.checked_add(c.to_digit(radix)?))
}

/// Appends `n` in decimal.
pub fn push_uint(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().for_each(|&d| out.push(d as char));
}

/// Appends `n` in decimal with zeros in front up to `width` digits.
pub fn push_uint_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = String::new();
    push_uint(&mut digits, n);
    out.extend(core::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.push_str(&digits);
}

/// `n` in decimal.
pub fn uint(n: u64) -> String {
    let mut out = String::new();
    push_uint(&mut out, n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_finds_the_first_like_position() {
        // Each of several bytes at every place of texts across two words, from every start.
        for n in 0..20 {
            for at in 0..n {
                for x in [0u8, 1, b'\n', 0x0b, 0x7f, 0x80, 0x8a, 0xff] {
                    let mut b = vec![b'\n' ^ 0x80; n];
                    b[at] = x;
                    b[n - 1 - at] = b'\n' ^ 1;
                    for from in 0..=n {
                        let expect = b[from..].iter().position(|&c| c == b'\n').map(|p| from + p);
                        assert_eq!(find_byte(&b, from, b'\n'), expect, "{b:?} {from}");
                    }
                }
            }
        }
        assert_eq!(find_byte(b"ab", 3, b'a'), None);
    }

    #[test]
    fn finds_and_replaces_like_std() {
        for (hay, needle) in [("abc", ""), ("", "a"), ("a", "a"), ("aab", "ab"), ("</h1 x </h1>", "</h1>"), ("é::ü::", "::"), ("ab", "abc")] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            if !needle.is_empty() {
                assert_eq!(replace(hay, needle, "[x]"), hay.replace(needle, "[x]"), "{hay:?} {needle:?}");
            }
        }
        assert_eq!(replace("aaaa", "aa", "a"), "aa");
        assert_eq!(replace("key", "", "x"), "key");
    }

    #[test]
    fn reads_and_writes_whole_numbers_like_std() {
        for n in [0u64, 7, 10, 65_535, 4_294_967_295, u64::MAX] {
            assert_eq!(uint(n), n.to_string());
            let mut padded = String::from("x");
            push_uint_padded(&mut padded, n, 6);
            assert_eq!(padded, format!("x{n:06}"));
        }
        for (s, radix) in [("0", 10), ("443", 10), ("4294967295", 10), ("4294967296", 10), ("ffff", 16), ("FfFf", 16), ("", 10), ("+1", 10), ("-1", 10), ("1 ", 10), ("1a", 10), ("g", 16)] {
            let std = if s.starts_with('+') { None } else { u32::from_str_radix(s, radix).ok() };
            assert_eq!(parse_uint(s, radix), std, "{s:?}");
        }
    }
}
