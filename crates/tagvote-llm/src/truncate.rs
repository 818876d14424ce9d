//! Cutting a README to the configured budget at a line or paragraph boundary, and reporting where.

use serde::{Deserialize, Serialize};

/// Rough characters per token used to turn a token budget into characters.
pub const CHARS_PER_TOKEN: usize = 4;

/// How much README text goes into the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "unit", content = "limit")]
pub enum ReadmeBudget {
    /// At most this many characters (Unicode scalar values).
    Chars(usize),
    /// About this many tokens (estimated at `CHARS_PER_TOKEN` characters each).
    Tokens(usize),
}

impl Default for ReadmeBudget {
    fn default() -> Self {
        ReadmeBudget::Chars(12_000)
    }
}

impl ReadmeBudget {
    /// The budget in characters.
    pub fn chars(self) -> usize {
        match self {
            ReadmeBudget::Chars(n) => n,
            ReadmeBudget::Tokens(n) => n.saturating_mul(CHARS_PER_TOKEN),
        }
    }
}

/// Where a README was cut (recorded in the document's detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutPoint {
    /// Characters in the README as given.
    pub original_chars: usize,
    /// Characters kept (the prefix sent to the model).
    pub kept_chars: usize,
}

/// Cuts `text` to at most `budget` characters, preferring a paragraph or line end in the last
/// fifth of the budget, then a space; returns the kept prefix and the cut point when cut.
pub fn cut_readme(text: &str, budget: ReadmeBudget) -> (&str, Option<CutPoint>) {
    let limit = budget.chars();
    let Some((hard_end, _)) = text.char_indices().nth(limit) else {
        return (text, None);
    };
    let window_start = floor_char_boundary(text, hard_end - hard_end / 5);
    let window = &text[window_start..hard_end];
    let end = ["\n\n", "\n", " "]
        .iter()
        .find_map(|sep| window.rfind(sep).map(|at| window_start + at))
        .filter(|&end| end > 0)
        .unwrap_or(hard_end);
    let kept = text[..end].trim_end();
    let cut = CutPoint {
        original_chars: text.chars().count(),
        kept_chars: kept.chars().count(),
    };
    (kept, Some(cut))
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_not_cut() {
        assert_eq!(cut_readme("abc", ReadmeBudget::Chars(3)), ("abc", None));
    }

    #[test]
    fn cut_prefers_a_paragraph_end() {
        let text = "first paragraph\n\nsecond one is longer";
        let (kept, cut) = cut_readme(text, ReadmeBudget::Chars(20));
        assert_eq!(kept, "first paragraph");
        assert_eq!(cut.unwrap().original_chars, text.len());
        assert_eq!(cut.unwrap().kept_chars, 15);
    }

    #[test]
    fn cut_respects_multibyte_characters_and_tokens() {
        let text = "ééééééééééééééééééééé";
        let (kept, cut) = cut_readme(text, ReadmeBudget::Tokens(2));
        assert_eq!(kept.chars().count(), 8);
        assert_eq!(cut.unwrap().kept_chars, 8);
    }
}
