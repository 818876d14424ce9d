//! README → prose and lead for the encoder: the core segmenter's title, lead, headings and body (no code, no
//! licence or contributor sections), after dropping what it leaves in: tables of contents, link
//! definitions, multi-line HTML comments, table rules, emoji shortcodes and HTML entities.

use tagvote_core::markdown::{segments, SegmentKind};

/// What the encoder reads of a README, from one pass of the segmenter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadmeText {
    /// Every prose segment, one per line, title first.
    pub prose: String,
    /// The title and the first paragraph of prose (the sentence that usually says what the project
    /// is); the first body paragraph when there is no lead.
    pub lead: String,
}

/// The README's prose and lead.
pub fn readme_text(raw: &str) -> ReadmeText {
    let pre = drop_markup_lines(raw);
    let mut prose = String::with_capacity(pre.len() / 2);
    let (mut title, mut lead) = (None, None);
    for seg in segments(&pre) {
        if matches!(seg.kind, SegmentKind::Code | SegmentKind::Boilerplate) {
            continue;
        }
        let text = tidy_inline(&seg.text);
        if !text.chars().any(char::is_alphanumeric) {
            continue;
        }
        if lead.is_none() {
            match seg.kind {
                SegmentKind::Title if title.is_none() => title = Some(text.clone()),
                SegmentKind::Lead | SegmentKind::Body => lead = Some(text.clone()),
                _ => {}
            }
        }
        prose.push_str(&text);
        prose.push('\n');
    }
    let lead = [title, lead].into_iter().flatten().collect::<Vec<_>>().join("\n");
    ReadmeText { prose, lead }
}

/// The prose of a README, one segment per line, title first.
pub fn readme_prose(raw: &str) -> String {
    readme_text(raw).prose
}

/// The README's lead: its title and first paragraph of prose.
pub fn readme_lead(raw: &str) -> String {
    readme_text(raw).lead
}

/// Removes whole lines that carry no prose: table-of-contents entries, link definitions, table rules,
/// and HTML comments (which may span lines).
fn drop_markup_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_comment = false;
    for line in raw.lines() {
        let mut line = line;
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    in_comment = false;
                    line = &line[end + 3..];
                }
                None => continue,
            }
        }
        if let Some(start) = line.find("<!--") {
            if !line[start..].contains("-->") {
                in_comment = true;
                line = &line[..start];
            }
        }
        if !is_markup_line(line.trim()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn is_markup_line(line: &str) -> bool {
    is_toc_entry(line) || is_link_definition(line) || is_table_rule(line)
}

/// `- [Usage](#usage)`, `1. [Install](#install)`, `* [API](docs/api.md)`.
fn is_toc_entry(line: &str) -> bool {
    let item = line.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '*' | '+' | '.' | ' '));
    item.starts_with('[') && item.ends_with(')') && item.contains("](") && !item[1..].contains('[')
}

/// `[1]: https://example.org "title"`.
fn is_link_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| !line[..i].contains(' ') || i < 40)
}

/// `|---|:---:|`.
fn is_table_rule(line: &str) -> bool {
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Decodes common HTML entities, drops `:emoji:` shortcodes, and collapses whitespace.
fn tidy_inline(text: &str) -> String {
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded
        .split_whitespace()
        .filter(|w| !is_shortcode(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_shortcode(word: &str) -> bool {
    word.len() > 2
        && word.starts_with(':')
        && word.ends_with(':')
        && word[1..word.len() - 1]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_badges_comments_and_code_are_dropped() {
        let readme = "# Widget :rocket:\n\n[![build](https://ci/badge.svg)](https://ci)\n\n<!-- generated\nby a tool -->\n\
            Widget renders charts &amp; maps in the terminal.\n\n## Contents\n- [Install](#install)\n- [Usage](#usage)\n\n\
            ```\nwidget --help\n```\n\n| a | b |\n|---|---|\n| x | y |\n\n[1]: https://example.org\n";
        let prose = readme_prose(readme);
        assert_eq!(
            prose,
            "Widget\nWidget renders charts & maps in the terminal.\nContents\na b x y\n"
        );
    }

    #[test]
    fn the_lead_is_the_title_and_first_paragraph() {
        let readme = "# Widget\n\n[![ci](https://ci/b.svg)](https://ci)\n\nWidget renders charts.\nIn the terminal.\n\n## Install\n\nMore text.\n";
        assert_eq!(readme_lead(readme), "Widget\nWidget renders charts. In the terminal.");
        assert_eq!(
            readme_lead("A one-line description of a tool"),
            "A one-line description of a tool"
        );
        assert_eq!(readme_lead(""), "");
    }

    #[test]
    fn badge_only_readme_has_no_prose() {
        let readme = "[![a](https://x/a.svg)](https://x) [![b](https://x/b.svg)](https://y)\n<img src=\"logo.png\">\n";
        assert_eq!(readme_prose(readme), "");
    }
}
