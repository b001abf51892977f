//! Splitting text that copying from the site ran together: an argument name and the example
//! beside it, an example and the next argument's name.
//!
//! Where the boundary is plain (a space, an uppercase letter) it is taken as is. Where it is not
//! (`tokenxxxx-xxxxxxxxx-xxxx`, `org_channeltrue`), the split is chosen by evidence from the
//! page and reported as a guess, never made silently.

use std::collections::BTreeMap;

use crate::page_values::is_literal;

/// A character that may appear in a wire name or a code (`snake_case`, digits).
pub(super) fn is_identifier_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// `snake_case` starting with a letter: the shape of argument names and error codes.
pub(super) fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase()) && text.chars().all(is_identifier_char)
}

/// How often each whole word occurs on the page, so a glued name can be checked against its
/// uses elsewhere.
#[derive(Debug, Default)]
pub(super) struct PageWords(BTreeMap<String, usize>);

impl PageWords {
    pub(super) fn new(text: &str) -> Self {
        let mut counts = BTreeMap::new();
        let words = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty());
        for word in words {
            *counts.entry(word.to_owned()).or_insert(0) += 1;
        }
        PageWords(counts)
    }

    fn count(&self, word: &str) -> usize {
        self.0.get(word).copied().unwrap_or(0)
    }

    /// Whether `word` occurs on the page outside `glued` (which contains it as a word itself
    /// when it is the whole glued run).
    fn used_outside(&self, word: &str, glued: &str) -> bool {
        self.count(word) > PageWords::new(glued).count(word)
    }
}

/// How sure a split is; a guess is reported to the curator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Confidence {
    /// The text itself shows the boundary.
    Plain,
    /// Chosen by evidence (a literal value, the name used elsewhere on the page).
    Guessed,
    /// No evidence either way; the longest name was taken.
    Unknown,
}

/// A name glued to an example: `(example, name, confidence)` or `(name, example, confidence)`
/// depending on the side, with the example empty when there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Glued<'a> {
    pub(super) name: &'a str,
    pub(super) example: String,
    pub(super) confidence: Confidence,
}

/// `text` ends with a name and may start with the previous argument's example
/// (`xxxx-xxxxxxxxx-xxxxchannel`). `None` when it does not end with a name.
pub(super) fn name_at_end<'a>(text: &'a str, words: &PageWords) -> Option<Glued<'a>> {
    let run_start = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_identifier_char(c))
        .last()
        .map(|(index, _)| index)?;
    // A name starts with a letter: leading digits of the run belong to the example.
    let name_start = run_start + text[run_start..].find(|c: char| c.is_ascii_lowercase())?;
    let before = &text[..name_start];
    let split = |start: usize, confidence| Glued {
        name: &text[start..],
        example: text[..start].trim().to_owned(),
        confidence,
    };
    // Nothing before, or a boundary the copy kept (a space, an uppercase letter, a digit).
    if before.is_empty() || !before.ends_with(|c: char| c.is_ascii_punctuation()) {
        return Some(split(name_start, Confidence::Plain));
    }
    // `...-xxxxchannel`: the example's last characters may be lowercase too.
    let starts: Vec<usize> = (name_start..text.len())
        .filter(|&start| is_identifier(&text[start..]))
        .collect();
    let used = |start: usize| words.used_outside(&text[start..], text);
    Some(pick(&starts, used, split, name_start))
}

/// `text` starts with a name and may go on with its example (`tokenxxxx-xxxxxxxxx-xxxx`,
/// `org_channeltrue`, `channel_id C123`). `None` when it does not start with a name.
pub(super) fn name_at_start<'a>(text: &'a str, words: &PageWords) -> Option<Glued<'a>> {
    let run_end = text
        .find(|c: char| !is_identifier_char(c))
        .unwrap_or(text.len());
    if !is_identifier(&text[..run_end]) {
        return None;
    }
    let rest = &text[run_end..];
    let split = |end: usize, confidence| Glued {
        name: &text[..end],
        example: text[end..].trim().to_owned(),
        confidence,
    };
    if rest.is_empty() {
        // `org_channeltrue`: only a literal value tells where the name ends.
        return Some(literal_suffix(&text[..run_end]).map_or_else(
            || split(run_end, Confidence::Plain),
            |end| split(end, Confidence::Guessed),
        ));
    }
    if !rest.starts_with(|c: char| c.is_ascii_punctuation()) {
        return Some(split(run_end, Confidence::Plain));
    }
    let ends: Vec<usize> = (1..=run_end)
        .rev()
        .filter(|&end| is_identifier(&text[..end]))
        .collect();
    let used = |end: usize| words.used_outside(&text[..end], text);
    Some(pick(&ends, used, split, run_end))
}

/// Where a literal value (`true`, `20`) glued after a name begins, keeping the longest literal.
fn literal_suffix(run: &str) -> Option<usize> {
    (1..run.len()).find(|&start| is_identifier(&run[..start]) && is_literal(&run[start..]))
}

/// Among candidate boundaries (longest name first), the one whose name the page uses elsewhere
/// as a whole word; else `fallback`, marked unknown.
fn pick<'a>(
    boundaries: &[usize],
    used_elsewhere: impl Fn(usize) -> bool,
    split: impl Fn(usize, Confidence) -> Glued<'a>,
    fallback: usize,
) -> Glued<'a> {
    match boundaries
        .iter()
        .copied()
        .find(|&boundary| used_elsewhere(boundary))
    {
        Some(boundary) => split(boundary, Confidence::Guessed),
        None => split(fallback, Confidence::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> PageWords {
        PageWords::new(text)
    }

    #[test]
    fn an_example_glued_before_a_name_is_split_where_the_page_uses_the_name() {
        let line = "xxxx-xxxxxxxxx-xxxxchannel";
        let glued = name_at_end(line, &words(&format!("{line}\nthe channel was"))).unwrap();
        assert_eq!(glued.name, "channel");
        assert_eq!(glued.example, "xxxx-xxxxxxxxx-xxxx");
        assert_eq!(glued.confidence, Confidence::Guessed);
    }

    #[test]
    fn a_name_alone_or_after_an_uppercase_example_is_plain() {
        let empty = words("");
        let alone = name_at_end("include_locale", &empty).unwrap();
        assert_eq!((alone.name, alone.example.as_str()), ("include_locale", ""));
        assert_eq!(alone.confidence, Confidence::Plain);
        let after = name_at_end("C012AB3CDchannel", &empty).unwrap();
        assert_eq!(
            (after.name, after.example.as_str()),
            ("channel", "C012AB3CD")
        );
        assert_eq!(after.confidence, Confidence::Plain);
    }

    #[test]
    fn without_evidence_the_longest_name_is_taken_and_marked_unknown() {
        let glued = name_at_end("ab-cdchannel", &words("nothing here")).unwrap();
        assert_eq!(glued.name, "cdchannel");
        assert_eq!(glued.confidence, Confidence::Unknown);
    }

    #[test]
    fn a_literal_glued_after_a_name_is_split_off() {
        let glued = name_at_start("org_channeltrue", &words("")).unwrap();
        assert_eq!(
            (glued.name, glued.example.as_str()),
            ("org_channel", "true")
        );
        let number = name_at_start("limit100", &words("")).unwrap();
        assert_eq!((number.name, number.example.as_str()), ("limit", "100"));
    }

    #[test]
    fn an_example_with_punctuation_glued_after_a_name_is_split_where_the_page_uses_the_name() {
        let line = "tokenxxxx-xxxxxxxxx-xxxx";
        let glued = name_at_start(line, &words(&format!("{line}\nyour token to"))).unwrap();
        assert_eq!(
            (glued.name, glued.example.as_str()),
            ("token", "xxxx-xxxxxxxxx-xxxx")
        );
        assert_eq!(glued.confidence, Confidence::Guessed);
    }

    #[test]
    fn a_name_followed_by_a_space_or_uppercase_example_is_plain() {
        let empty = words("");
        let spaced = name_at_start("channel_id C123", &empty).unwrap();
        assert_eq!(
            (spaced.name, spaced.example.as_str()),
            ("channel_id", "C123")
        );
        let upper = name_at_start("channel_idC123", &empty).unwrap();
        assert_eq!((upper.name, upper.example.as_str()), ("channel_id", "C123"));
        assert_eq!(upper.confidence, Confidence::Plain);
    }

    #[test]
    fn text_that_is_not_a_name_is_refused() {
        assert_eq!(name_at_start("Token type", &words("")), None);
        assert_eq!(name_at_end("Conversation ID", &words("")), None);
    }
}
