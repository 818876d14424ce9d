//! A small, allocation-light Markdown segmenter for READMEs: title, lead paragraph, headings,
//! body, code, badges and licence sections, with link targets, images and HTML tags removed.
//!
//! Scorers weigh the segments differently (title and lead count most, code and licence least).

/// What part of a README a segment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// The first heading (usually the project name and tagline).
    Title,
    /// The first paragraph of prose.
    Lead,
    /// Any later heading.
    Heading,
    /// Ordinary prose and list items.
    Body,
    /// Fenced or indented code.
    Code,
    /// Text under a licence, contributing, contributors, sponsors or changelog heading.
    Boilerplate,
}

/// One piece of cleaned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

const BOILERPLATE_HEADINGS: [&str; 12] = [
    "license",
    "licence",
    "licensing",
    "contributing",
    "contributors",
    "contribute",
    "sponsors",
    "backers",
    "changelog",
    "acknowledgements",
    "acknowledgments",
    "code of conduct",
];

/// Splits a README into cleaned segments, in document order.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut state = State::default();
    for raw in text.lines() {
        state.line(raw);
    }
    state.flush();
    state.out
}

/// The prose of a README (title, lead, headings, body), cleaned, one segment per line.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    for seg in segments(text) {
        if matches!(seg.kind, SegmentKind::Code | SegmentKind::Boilerplate) {
            continue;
        }
        out.push_str(&seg.text);
        out.push('\n');
    }
    out
}

#[derive(Default)]
struct State {
    out: Vec<Segment>,
    para: String,
    in_fence: Option<String>,
    code: String,
    seen_title: bool,
    seen_lead: bool,
    boilerplate: bool,
    /// Lines in the current paragraph.
    para_lines: usize,
}

impl State {
    fn line(&mut self, raw: &str) {
        let trimmed = raw.trim();
        if let Some(fence) = &self.in_fence {
            if trimmed.starts_with(fence.as_str()) {
                self.in_fence = None;
                let code = std::mem::take(&mut self.code);
                self.push(SegmentKind::Code, code);
            } else {
                self.code.push_str(raw);
                self.code.push('\n');
            }
            return;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            self.flush();
            self.in_fence = Some(trimmed[..3].to_string());
            return;
        }
        if trimmed.is_empty() {
            self.flush();
            return;
        }
        if let Some(heading) = heading_text(trimmed) {
            self.flush();
            self.heading(heading);
            return;
        }
        if raw.starts_with("    ") || raw.starts_with('\t') {
            self.push(SegmentKind::Code, raw.to_string());
            return;
        }
        if is_link_definition(trimmed) {
            return;
        }
        if let Some(level) = setext_underline(trimmed) {
            self.setext(level, trimmed);
            return;
        }
        let before = self.para.len();
        clean_inline_into(trimmed, &mut self.para);
        if self.para[before..].trim().is_empty() {
            self.para.truncate(before);
        } else {
            self.para.push(' ');
            self.para_lines += 1;
        }
    }

    /// A `===` or `---` line: the single-line paragraph above it is a heading; otherwise a
    /// `---` is a thematic break and `===` stays text.
    fn setext(&mut self, level: u8, line: &str) {
        let para = self.para.trim();
        if !para.is_empty() && !self.para_has_many_lines() {
            let text = std::mem::take(&mut self.para);
            self.para_lines = 0;
            self.heading_cleaned(text.trim().to_string());
        } else if level == 1 {
            self.para.push_str(line);
            self.para.push(' ');
        } else {
            self.flush();
        }
    }

    fn para_has_many_lines(&self) -> bool {
        self.para_lines > 1
    }

    fn heading(&mut self, heading: &str) {
        self.heading_cleaned(clean_inline(heading));
    }

    fn heading_cleaned(&mut self, text: String) {
        let lower = text.trim().to_lowercase();
        self.boilerplate = BOILERPLATE_HEADINGS.iter().any(|b| lower.starts_with(b));
        if !self.seen_title {
            self.seen_title = true;
            self.push(SegmentKind::Title, text);
        } else {
            self.push(SegmentKind::Heading, text);
        }
    }

    fn flush(&mut self) {
        if self.in_fence.is_some() {
            return;
        }
        self.para_lines = 0;
        let para = std::mem::take(&mut self.para);
        let para = para.trim();
        if para.is_empty() {
            return;
        }
        let kind = if !self.seen_lead && !self.boilerplate && is_prose(para) {
            self.seen_lead = true;
            SegmentKind::Lead
        } else {
            SegmentKind::Body
        };
        self.push(kind, para.to_string());
    }

    fn push(&mut self, kind: SegmentKind, text: String) {
        let kind = if self.boilerplate && !matches!(kind, SegmentKind::Heading | SegmentKind::Title) {
            SegmentKind::Boilerplate
        } else {
            kind
        };
        if !text.trim().is_empty() {
            self.out.push(Segment { kind, text });
        }
    }
}

/// `[label]: target` lines define link targets; they carry no prose.
fn is_link_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|end| !line[1..end].contains('['))
}

/// `===` (level 1) or `---` (level 2) lines that underline a setext heading.
fn setext_underline(line: &str) -> Option<u8> {
    let level = match line.as_bytes().first()? {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let first = line.as_bytes()[0];
    (line.len() >= 2 && line.bytes().all(|b| b == first)).then_some(level)
}

/// A paragraph counts as the lead when it has a few words of prose.
fn is_prose(para: &str) -> bool {
    para.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
        >= 4
}

/// `# Title` / `## Heading` / `<h1>Title</h1>` → heading text.
fn heading_text(line: &str) -> Option<&str> {
    if line.starts_with('#') {
        let rest = line.trim_start_matches('#');
        if rest.is_empty() || rest.starts_with(' ') {
            return Some(rest.trim().trim_end_matches('#').trim());
        }
    }
    let lower = line.get(..3).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("<h1" | "<h2" | "<h3")) {
        return Some(line);
    }
    None
}

/// Removes images and badges, keeps link text without targets, strips HTML tags, bare URLs
/// and emphasis markers.
pub fn clean_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    clean_inline_into(line, &mut out);
    out
}

/// Bytes `clean_inline` looks at; every other byte is copied in runs.
fn is_inline_special(b: u8) -> bool {
    matches!(b, b'!' | b'[' | b'<' | b'*' | b'_' | b'`' | b'|' | b'h')
}

/// `clean_inline`, appending to `out`.
pub fn clean_inline_into(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .position(|&b| is_inline_special(b))
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            // Special bytes are ASCII, so a run ends on a character boundary.
            out.push_str(&line[i..i + run]);
            i += run;
            continue;
        }
        match bytes[i] {
            b'!' if bytes.get(i + 1) == Some(&b'[') => i = skip_link(line, i + 1, None),
            b'[' => i = skip_link(line, i, Some(out)),
            b'<' => i = skip_tag(line, i, out),
            b'*' | b'_' | b'`' | b'|' => {
                out.push(' ');
                i += 1;
            }
            b'h' if line[i..].starts_with("http://") || line[i..].starts_with("https://") => {
                i += line[i..].find(char::is_whitespace).unwrap_or(line.len() - i);
            }
            b => {
                out.push(b as char);
                i += 1;
            }
        }
    }
}

/// Skips `[text](target)` or `[text][ref]` starting at `start` (a `[`); writes the text
/// (cleaned) to `keep` when given. Returns the index after the link.
fn skip_link(line: &str, start: usize, keep: Option<&mut String>) -> usize {
    let Some(close) = matching(line, start, b'[', b']') else {
        if let Some(out) = keep {
            out.push('[');
        }
        return start + 1;
    };
    let text = &line[start + 1..close];
    let mut end = close + 1;
    match line.as_bytes().get(end) {
        Some(b'(') => end = matching(line, end, b'(', b')').map_or(line.len(), |c| c + 1),
        Some(b'[') => end = matching(line, end, b'[', b']').map_or(line.len(), |c| c + 1),
        _ => {}
    }
    if let Some(out) = keep {
        if !text.starts_with('!') {
            out.push_str(&clean_inline(text));
        }
    }
    end
}

/// Longest link text (`[…]`) or HTML tag (`<…>`) looked for, in bytes. Past it the bracket is
/// kept as text: cleaning stays linear in the line's length and nested links stay shallow, so
/// hostile lines (100k `[`, deeply nested brackets) cannot take quadratic time or the stack.
const MAX_INLINE_SPAN: usize = 1024;

fn matching(line: &str, open_at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = line.as_bytes();
    let window = if open == b'[' {
        &bytes[..bytes.len().min(open_at + MAX_INLINE_SPAN)]
    } else {
        bytes
    };
    for (i, &b) in window.iter().enumerate().skip(open_at) {
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Skips an HTML tag or comment, keeping `alt` text out; non-tags keep the `<`.
fn skip_tag(line: &str, start: usize, out: &mut String) -> usize {
    let rest = &line[start..];
    let looks_like_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
    let window = &rest.as_bytes()[..rest.len().min(MAX_INLINE_SPAN)];
    match window.iter().position(|&b| b == b'>') {
        Some(end) if looks_like_tag => {
            out.push(' ');
            start + end + 1
        }
        _ => {
            out.push('<');
            start + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_brackets_neither_overflow_the_stack_nor_lose_text() {
        let nested = format!("{}core{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(clean_inline(&nested).contains("core"));
        let open = format!("{} tail", "![x <a".repeat(20_000));
        assert!(clean_inline(&open).ends_with(" tail"));
        assert_eq!(
            clean_inline("see [the docs](https://x) and <b>bold</b>"),
            "see the docs and  bold "
        );
    }

    #[test]
    fn title_lead_code_and_licence_are_told_apart() {
        let readme = "# Foo [![ci](https://x/badge.svg)](https://x)\n\nFoo is a **fast** [parser](https://p) for YAML files.\n\n```sh\ncargo install foo\n```\n\n## Usage\n\nRun it.\n\n## License\n\nMIT licensed.\n";
        let segs = segments(readme);
        let kinds: Vec<_> = segs.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Title,
                SegmentKind::Lead,
                SegmentKind::Code,
                SegmentKind::Heading,
                SegmentKind::Body,
                SegmentKind::Heading,
                SegmentKind::Boilerplate
            ]
        );
        assert_eq!(segs[0].text.trim(), "Foo");
        assert!(
            segs[1].text.contains("parser for YAML") && !segs[1].text.contains("https"),
            "{}",
            segs[1].text
        );
    }

    #[test]
    fn badges_html_and_urls_are_removed() {
        let cleaned = clean_inline(
            "<p align=\"center\"><img src=\"logo.png\"></p> see https://example.com and ![b](x) [docs][1]",
        );
        assert_eq!(cleaned.split_whitespace().collect::<Vec<_>>(), ["see", "and", "docs"]);
    }

    #[test]
    fn unbalanced_brackets_do_not_lose_text() {
        assert_eq!(clean_inline("a [b c").trim(), "a [b c");
        assert_eq!(clean_inline("x < y").trim(), "x < y");
    }

    #[test]
    fn setext_headings_and_link_definitions() {
        let readme =
            "Widget\n======\n\nWidget draws little boxes fast.\n\nLicense\n-------\nMIT\n\n[ci]: https://x/ci\n";
        let segs = segments(readme);
        let kinds: Vec<_> = segs.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Title,
                SegmentKind::Lead,
                SegmentKind::Heading,
                SegmentKind::Boilerplate
            ]
        );
        assert_eq!(segs[0].text, "Widget");
        assert!(segs.iter().all(|s| !s.text.contains("ci]")), "{segs:?}");
        let broken = segments("one line\nand another\n\n---\n\nlast words here now\n");
        assert!(broken.iter().all(|s| s.kind != SegmentKind::Title), "{broken:?}");
    }

    #[test]
    fn clean_inline_keeps_non_ascii_text() {
        assert_eq!(
            clean_inline("héllo *wörld* — ok")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["héllo", "wörld", "—", "ok"]
        );
    }

    #[test]
    fn prose_drops_code_and_boilerplate() {
        let p = prose("# T\n\nSome words are here now.\n\n```\ncode\n```\n## License\nMIT\n");
        assert!(
            p.contains("Some words") && !p.contains("code") && !p.contains("MIT"),
            "{p}"
        );
    }
}
