//! A plain table (header and rows of strings) rendered as a terminal table, Markdown or HTML.

use tabled::builder::Builder;
use tabled::settings::Style;

/// Rows of cells under a header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    pub fn new(header: &[&str]) -> Grid {
        Grid {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    fn builder(&self) -> Builder {
        let mut b = Builder::default();
        b.push_record(self.header.clone());
        self.rows.iter().for_each(|r| b.push_record(r.clone()));
        b
    }

    /// A terminal table.
    pub fn to_text(&self) -> String {
        self.builder().build().with(Style::sharp()).to_string()
    }

    /// A GitHub-flavoured Markdown table (pipes in cells escaped).
    pub fn to_markdown(&self) -> String {
        let escaped = Grid {
            header: self.header.iter().map(|c| c.replace('|', "\\|")).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.replace('|', "\\|")).collect())
                .collect(),
        };
        escaped.builder().build().with(Style::markdown()).to_string()
    }

    /// An HTML `<table>` with escaped cells.
    pub fn to_html(&self, class: &str) -> String {
        let cells = |row: &[String], tag: &str| {
            row.iter()
                .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
                .collect::<String>()
        };
        let mut out = format!("<table class=\"{}\"><thead><tr>", escape(class));
        out.push_str(&cells(&self.header, "th"));
        out.push_str("</tr></thead><tbody>\n");
        for row in &self.rows {
            out.push_str(&format!("<tr>{}</tr>\n", cells(row, "td")));
        }
        out.push_str("</tbody></table>\n");
        out
    }
}

/// Escapes text for HTML and XML content and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new(&["system", "F1"]);
        g.push(vec!["a|b".into(), "<1>".into()]);
        g
    }

    #[test]
    fn markdown_escapes_pipes_and_has_a_separator_row() {
        let md = grid().to_markdown();
        assert!(md.contains("a\\|b"), "{md}");
        assert!(md.lines().nth(1).unwrap().contains("---"), "{md}");
    }

    #[test]
    fn html_escapes_cells() {
        let html = grid().to_html("t");
        assert!(html.contains("<td>&lt;1&gt;</td>"), "{html}");
    }
}
