//! Descriptions become rustdoc, which reads them as markdown: the markdown that rustdoc would
//! turn into links, HTML or doctests (and, with warnings denied, refuse) is refused here, where
//! the message can name the spec file and the place.

/// What in `text` rustdoc would not read as plain prose, and what to write instead; `None`
/// when the text is safe. Text inside `backticks` is code and may hold anything but a newline.
pub(super) fn rustdoc_problem(text: &str) -> Option<(&'static str, &'static str)> {
    if text.chars().any(char::is_control) {
        return Some((
            "a line break or control character, which rustdoc may read as a code block (a doctest)",
            "keep a description to one paragraph of plain text",
        ));
    }
    if text.contains("```") {
        return Some((
            "a ``` code fence, which rustdoc compiles as a doctest",
            "quote code with single backticks",
        ));
    }
    // Between backticks is a code span: the odd-numbered pieces.
    let prose = text.split('`').step_by(2);
    for piece in prose {
        if piece.contains(['[', ']']) {
            return Some((
                "square brackets, which rustdoc reads as a link to an item",
                "rephrase without brackets, or put the bracketed text in backticks",
            ));
        }
        if piece.contains('<') {
            return Some((
                "`<`, which rustdoc reads as an HTML tag or a link",
                "rephrase, or put the text in backticks",
            ));
        }
        if piece.contains("http://") || piece.contains("https://") {
            return Some((
                "a bare URL, which rustdoc refuses to leave unlinked",
                "leave the URL out (the method's doc page is linked already) or put it in backticks",
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::rustdoc_problem;

    #[test]
    fn plain_prose_and_code_spans_pass() {
        for text in [
            "Looks up one conversation, be it a channel, private channel, DM or group DM.",
            "Values > 0 count; `Option<T>` and `[a]` and `https://x` are code.",
            "A lone ` backtick, *emphasis*, 100% and & are fine.",
        ] {
            assert_eq!(rustdoc_problem(text), None, "{text}");
        }
    }

    #[test]
    fn markdown_rustdoc_would_refuse_is_named() {
        for (text, named) in [
            ("See [the docs] first.", "square brackets"),
            ("Closes with ] only.", "square brackets"),
            ("Returns <b>bold</b> text.", "`<`"),
            ("Read https://api.slack.com first.", "bare URL"),
            ("Two\n    indented lines", "line break"),
            ("Use ```rust\nfn x()``` here", "line break"),
            ("Use ```code``` here", "code fence"),
            ("Code `[ok]` then [not ok].", "square brackets"),
        ] {
            let problem = rustdoc_problem(text).map(|(problem, _)| problem);
            assert!(
                problem.is_some_and(|problem| problem.contains(named)),
                "{text:?}: {problem:?}"
            );
        }
    }
}
