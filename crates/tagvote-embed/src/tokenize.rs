//! WordPiece tokenisation from the model's `tokenizer.json`, with its shipped truncation and padding
//! (128, fixed) switched off: sentences are cut to one window (256 tokens by default), READMEs into windows.

use std::path::Path;

use tokenizers::Tokenizer;

use crate::error::EmbedError;

/// Tokens per window by default, `[CLS]` and `[SEP]` included (all-MiniLM-L6-v2's `max_seq_length`).
pub const WINDOW_TOKENS: usize = 256;

/// The model's tokeniser and its special tokens.
pub struct WordPiece {
    tokenizer: Tokenizer,
    cls: u32,
    sep: u32,
    window: usize,
}

impl WordPiece {
    /// Loads `tokenizer.json` from the model directory, for windows of `window` tokens (at least 3).
    pub fn load(dir: &Path, window: usize) -> Result<Self, EmbedError> {
        let path = dir.join("tokenizer.json");
        let err = |reason: String| EmbedError::Tokenizer {
            path: path.clone(),
            reason,
        };
        let mut tokenizer = Tokenizer::from_file(&path).map_err(|e| err(e.to_string()))?;
        tokenizer.with_padding(None);
        tokenizer.with_truncation(None).map_err(|e| err(e.to_string()))?;
        // The post-processor says which tokens wrap a sequence: `[CLS]`/`[SEP]` (BERT), `<s>`/`</s>` (MPNet).
        let empty = tokenizer.encode("", true).map_err(|e| err(e.to_string()))?;
        let (cls, sep) = match empty.get_ids() {
            &[cls, sep] => (cls, sep),
            other => {
                return Err(err(format!(
                    "its post-processor wraps an empty text in `{other:?}`; expected a start and an end token"
                )))
            }
        };
        Ok(WordPiece {
            tokenizer,
            cls,
            sep,
            window: window.max(3),
        })
    }

    /// Tokens per window, the wrapping tokens included.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Content tokens per window (the window less `[CLS]` and `[SEP]`).
    pub fn window_content(&self) -> usize {
        self.window - 2
    }

    /// Token ids of `text` without special tokens; at least `want` of them when the text has that many
    /// (only a prefix of a long text is tokenised, cut at whitespace so the tokens are the same).
    pub fn content_ids(&self, text: &str, want: usize) -> Result<Vec<u32>, String> {
        let mut budget = want.saturating_mul(8).max(1024);
        loop {
            let prefix = whitespace_prefix(text, budget);
            let encoding = self.tokenizer.encode(prefix, false).map_err(|e| e.to_string())?;
            let ids = encoding.get_ids();
            if ids.len() >= want || prefix.len() == text.len() {
                return Ok(ids.to_vec());
            }
            budget = budget.saturating_mul(4);
        }
    }

    /// The sentence-transformers input for one text: `[CLS]`, its first 254 tokens, `[SEP]`.
    pub fn sentence(&self, text: &str) -> Result<Vec<u32>, String> {
        let ids = self.content_ids(text, self.window_content())?;
        Ok(self.wrap(&ids[..ids.len().min(self.window_content())]))
    }

    /// The first `max_windows` consecutive windows of `text`, each wrapped in `[CLS] … [SEP]`;
    /// none for a text without tokens.
    pub fn windows(&self, text: &str, max_windows: usize) -> Result<Vec<Vec<u32>>, String> {
        let per = self.window_content();
        let ids = self.content_ids(text, per.saturating_mul(max_windows))?;
        Ok(ids.chunks(per).take(max_windows).map(|c| self.wrap(c)).collect())
    }

    fn wrap(&self, content: &[u32]) -> Vec<u32> {
        let mut seq = Vec::with_capacity(content.len() + 2);
        seq.push(self.cls);
        seq.extend_from_slice(content);
        seq.push(self.sep);
        seq
    }
}

/// The longest prefix of `text` of at most `max_bytes` bytes that ends at whitespace (or the whole text).
fn whitespace_prefix(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(ws) if ws > 0 => &text[..ws],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::whitespace_prefix;

    #[test]
    fn prefix_ends_at_whitespace_and_char_boundaries() {
        assert_eq!(whitespace_prefix("abc def ghi", 9), "abc def");
        assert_eq!(whitespace_prefix("abc", 9), "abc");
        assert_eq!(whitespace_prefix("ééééé", 3), "é");
    }
}
