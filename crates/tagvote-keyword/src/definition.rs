//! A README's self-description ("curl is a command-line tool for …"): the words of its first
//! defining clause, as pseudo-terms (`zzdefcommand zzdefline zzdeftool`) the learned weights can
//! tell apart from the same words elsewhere in the text.

use tagvote_core::markdown::{Segment, SegmentKind};

use crate::tokens::for_each_token;

/// How much prose (title, lead and body, in order) is searched for the defining sentence.
const SEARCH_CHARS: usize = 1500;
/// At most this many words of the defining clause.
const MAX_WORDS: usize = 8;
/// Words that end the head of a defining clause (`library` *for* …).
const STOP: &str = "for that which to with written in built designed used from on of providing allowing \
                    where who you by based using powered";

/// The pseudo-terms of the first defining clause of `segs` (empty when there is none), one
/// space apart.
pub fn definition_terms(segs: &[Segment]) -> String {
    let mut seen = 0;
    for seg in segs {
        if !matches!(seg.kind, SegmentKind::Title | SegmentKind::Lead | SegmentKind::Body) {
            continue;
        }
        if seen > SEARCH_CHARS {
            break;
        }
        seen += seg.text.len();
        let title = seg.kind == SegmentKind::Title;
        for sentence in seg.text.split(['.', '!', '?', '\n']) {
            if let Some(clause) = defining_clause(sentence, title) {
                return clause;
            }
        }
    }
    String::new()
}

/// `zzdef` words of the clause `sentence` defines its subject by, if it does.
fn defining_clause(sentence: &str, title: bool) -> Option<String> {
    let lower = sentence.to_ascii_lowercase();
    let mut words: Vec<(usize, &str)> = Vec::new();
    for_each_token(&lower, |start, end, _| words.push((start, &lower[start..end])));
    let start = definition_start(&words).or_else(|| title.then(|| title_start(&lower, &words)).flatten())?;
    let clause: Vec<String> = words[start..]
        .iter()
        .map(|&(_, w)| w)
        .take_while(|w| !STOP.split_ascii_whitespace().any(|s| s == *w))
        .take(MAX_WORDS)
        .map(|w| format!("zzdef{w}"))
        .collect();
    (!clause.is_empty()).then(|| clause.join(" "))
}

/// Index of the first word after `is a`, `are the`, … or after a leading `a`/`an`.
fn definition_start(words: &[(usize, &str)]) -> Option<usize> {
    if matches!(words.first(), Some((_, "a" | "an"))) {
        return Some(1);
    }
    words
        .windows(2)
        .position(|w| matches!(w[0].1, "is" | "are") && matches!(w[1].1, "a" | "an" | "the"))
        .map(|i| i + 2)
}

/// In a title `name - tagline` or `name: tagline`, the first word of the tagline.
fn title_start(lower: &str, words: &[(usize, &str)]) -> Option<usize> {
    let at = lower.find(" - ").or_else(|| lower.find(": "))?;
    let before = words.iter().take_while(|(start, _)| *start < at).count();
    let article = matches!(words.get(before), Some((_, "a" | "an" | "the")));
    let start = before + usize::from(article);
    (start < words.len()).then_some(start)
}

#[cfg(test)]
mod tests {
    use tagvote_core::markdown::segments;

    fn terms(text: &str) -> String {
        super::definition_terms(&segments(text))
    }

    #[test]
    fn the_head_of_an_is_a_sentence_is_the_definition() {
        let text = "# curl\n\ncurl is a command-line tool for transferring data with URLs.\n";
        assert_eq!(terms(text), "zzdefcommand zzdefline zzdeftool");
    }

    #[test]
    fn a_notice_before_the_definition_is_skipped() {
        let text = "# x\n\nPlease note: this is beta.\n\nX is an open source library to parse YAML.\n";
        assert_eq!(terms(text), "zzdefopen zzdefsource zzdeflibrary");
    }

    #[test]
    fn taglines_and_leading_articles_define_too() {
        assert_eq!(
            terms("# Git - fast, scalable revision control\n\nMore.\n"),
            "zzdeffast zzdefscalable zzdefrevision zzdefcontrol"
        );
        assert_eq!(
            terms("# y\n\nA tiny web framework.\n"),
            "zzdeftiny zzdefweb zzdefframework"
        );
    }

    #[test]
    fn prose_without_a_definition_gives_nothing() {
        assert_eq!(terms("# z\n\nInstall it and run it.\n"), "");
    }
}
