//! Substring search without std's two-way searcher (about 1.7 KB of wasm). Every needle
//! here is short (a tag, `::`, `%2e`, an API key) and every haystack a message, a URL or an
//! error page, where the plain scan is as fast.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
