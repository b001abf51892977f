//! The error and warning tables: a code alone on its line with the description on the next one,
//! or a code run into its description (`channel_not_foundValue passed for channel was invalid.`).

use super::split_runs::{is_identifier, is_identifier_char};
use super::{CodeKind, DocPage, Line, PageCode};
use crate::Note;

/// Column headings of the tables, sometimes run together.
const HEADERS: &[&str] = &[
    "Error",
    "Warning",
    "Description",
    "ErrorDescription",
    "WarningDescription",
];

const EXPECTED_CODE: &str = "a snake_case code, alone on its line or run into a description \
                             that starts with a capital letter";

/// Reads one code table line by line; a fresh one for each table.
#[derive(Debug, Default)]
pub(super) struct Codes {
    /// The last line was a code alone, so the next is its description, whatever its case
    /// (`channel_id was invalid.` starts lowercase).
    expect_description: bool,
}

impl Codes {
    pub(super) fn line(&mut self, page: &mut DocPage, kind: CodeKind, line: Line<'_>) {
        let text = line.text;
        let expected_description = std::mem::take(&mut self.expect_description);
        if is_identifier(text) {
            self.expect_description = true;
            add_code(page, kind, line, text);
        } else if let Some(code) = run_in_code(text) {
            add_code(page, kind, line, code);
        } else if !(expected_description
            || HEADERS.contains(&text)
            || text.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            // Capitalised lines are the table's introduction or descriptions; this is neither.
            page.unparsed(line, EXPECTED_CODE);
        }
    }
}

/// `channel_not_foundValue passed ...` -> `channel_not_found`: the code ends where a capitalised
/// description word begins.
fn run_in_code(text: &str) -> Option<&str> {
    let end = text.find(|c: char| !is_identifier_char(c))?;
    let (code, rest) = text.split_at(end);
    // Cells copied apart (`channel_not_found Value passed ...`) read the same as run together.
    let description = rest.trim_start();
    (is_identifier(code) && description.starts_with(|c: char| c.is_ascii_uppercase()))
        .then_some(code)
}

/// Adds a code once; a repeat is reported and dropped.
fn add_code(page: &mut DocPage, kind: CodeKind, line: Line<'_>, code: &str) {
    if let Some(first) = page.codes(kind).iter().find(|listed| listed.code == code) {
        let message = format!(
            "{} code `{code}` is listed again (first on line {}); kept once",
            kind.word(),
            first.line
        );
        page.notes.push(Note::at(line.number, message));
        return;
    }
    page.codes_mut(kind).push(PageCode {
        code: code.to_owned(),
        line: line.number,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lines: &[&str]) -> DocPage {
        let mut page = DocPage::default();
        let mut codes = Codes::default();
        for (index, text) in lines.iter().enumerate() {
            let line = Line {
                number: index + 1,
                text,
            };
            codes.line(&mut page, CodeKind::Error, line);
        }
        page
    }

    fn codes(page: &DocPage) -> Vec<&str> {
        page.errors.iter().map(|code| code.code.as_str()).collect()
    }

    #[test]
    fn codes_alone_take_the_next_line_as_description_whatever_its_case() {
        let page = table(&[
            "ErrorDescription",
            "bad_widget",
            "widget_id was invalid.",
            "not_authed",
            "No token.",
        ]);
        assert_eq!(codes(&page), ["bad_widget", "not_authed"]);
        assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
    }

    #[test]
    fn codes_run_into_capitalised_descriptions_are_split() {
        let page = table(&[
            "This table lists the errors.",
            "widget_not_foundValue passed for widget was invalid.",
            "accesslimitedAccess is limited",
        ]);
        assert_eq!(codes(&page), ["widget_not_found", "accesslimited"]);
    }

    #[test]
    fn a_repeated_code_is_kept_once_and_reported() {
        let page = table(&[
            "missing_scopeFirst wording.",
            "missing_scopeSecond wording.",
        ]);
        assert_eq!(codes(&page), ["missing_scope"]);
        assert_eq!(page.notes.len(), 1);
        assert_eq!(page.notes[0].line, Some(2));
    }

    #[test]
    fn a_code_run_into_a_lowercase_description_is_reported() {
        let page = table(&["bad_widgetwas not good"]);
        assert!(codes(&page).is_empty());
        assert_eq!(page.unparsed.len(), 1);
    }
}
