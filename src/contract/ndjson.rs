//! Bulk validation of NDJSON text: one request body per line.
use crate::contract::validate_update_lead_text;
pub use crate::contract::INVALID_JSON;
use crate::contract::validation::Validation;

/// The validation of one non-blank line; serialized as `{ok, issues, warnings, line}` (the
/// TypeScript `NdjsonLineResult`).
#[derive(Debug, Clone, PartialEq)]
pub struct LineResult {
    /// 1-based line number in the text.
    pub line: usize,
    /// Its validation; a line that is not JSON ends with an `invalid_json` issue at the path
    /// where it stopped being JSON.
    pub validation: Validation,
}

/// Validates every non-blank line of `text` as an `{agentId, lead}` body. Lines end with
/// `\n` or `\r\n`; blank lines are skipped (and not counted as results).
pub fn validate_ndjson(text: &str) -> Vec<LineResult> {
    lines(text).map(|(line, body)| LineResult { line, validation: validate_update_lead_text(body) }).collect()
}

/// Each non-blank line with its 1-based number.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.strip_suffix('\r').unwrap_or(raw)))
        .filter(|(_, line)| !line.trim().is_empty())
}

impl serde::Serialize for LineResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.validation.result(Some(self.line)).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lines_and_skips_blanks() {
        let text = "{\"agentId\":\"a\",\"lead\":{}}\r\n\n{\"agentId\":1,\"lead\":{}}\nnot json\n";
        let r = validate_ndjson(text);
        assert_eq!(r.iter().map(|l| l.line).collect::<Vec<_>>(), vec![1, 3, 4]);
        assert!(r[0].validation.is_ok());
        assert_eq!(r[1].validation.issues[0].path, "/agentId");
        assert_eq!(r[2].validation.issues[0].code, INVALID_JSON);
    }
}
