//! Near-miss matching for keys and enum values ("did you mean ...?").
//!
//! A candidate matches when it is equal ignoring case and the separators `_ - space .`
//! (`"Follow-up"` → `follow_up`, `e-mail` → `email`, `agentID` → `agentId`), or, failing
//! that, within a small edit distance of the input (`"wonn"` → `won`).

/// Inputs longer than this are never near misses (bounds the work on hostile input).
const MAX_INPUT: usize = 64;

// ASCII case folding suffices: every candidate is ASCII, so a non-ASCII character never
// matches either way, and Unicode's case tables would add ~7 KB to the wasm.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &[char], b: &[char]) -> usize {
    let n = b.len();
    let mut prev2: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && Some(&ca) == b.get(j - 1) && a.get(i - 1) == Some(&cb) {
                d = d.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        core::mem::swap(&mut prev2, &mut prev);
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[n]
}

/// The candidate `input` most likely meant, if any.
pub fn suggest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    if input.is_empty() || input.chars().count() > MAX_INPUT {
        return None;
    }
    let folded = fold(input);
    if folded.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == input {
            continue;
        }
        let fc = fold(c);
        let d = if fc == folded { 0 } else { distance(&folded, &fc) };
        let len = folded.len().min(fc.len());
        let allowed = if d == 0 {
            0
        } else if len <= 4 {
            1
        } else if len <= 8 {
            2
        } else {
            3
        };
        if d <= allowed && d < fc.len() && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}
