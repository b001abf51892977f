//! The argument table, in the layouts seen on the site: one cell a line (`tokenstringRequired`,
//! then description and `Example:` lines); cells run into the description
//! (`channelstringRequiredConversation ID ...`); and an "Argument Example Required Description"
//! table without types, whose example sits between name and flag
//! (`org_channeltrueOptional, default=false`); and today's docs.slack.dev layout, cells apart
//! (`channel string Required`, `blocks Optional` where the page gives no type), with `Default:`
//! and `Example:` lines under the row.

use super::split_runs::{self, Confidence, PageWords};
use super::{DocPage, Line, PageArgument, PageType};
use crate::Note;
use crate::page_values::default_in_sentence;

/// The type column's words; `number` is Slack's word for integers on some pages.
const TYPE_WORDS: &[&str] = &["string", "boolean", "integer", "number", "array", "object"];

/// Both flags have the same length, which `row` relies on.
const FLAGS: &[(&str, bool)] = &[("Required", true), ("Optional", false)];

const EXPECTED_ROW: &str = "an argument row (name, type, then Required or Optional), \
                            an `Example:` line, or a sentence describing the argument";

/// Reads the argument table line by line.
#[derive(Debug, Default)]
pub(super) struct Arguments {
    /// The table has an Example column between name and flag, and no type column.
    example_column: bool,
}

/// One row, split into its cells.
#[derive(Debug)]
struct Row<'a> {
    name: &'a str,
    type_word: Option<&'static str>,
    required: bool,
    /// This row's example, when it sits between name and flag.
    example: String,
    /// Text run into the front of the name: the previous row's example.
    previous_example: String,
    /// How sure the split between name and example is.
    confidence: Confidence,
    /// What follows the flag: `, default=false`, or a run-in description.
    after: &'a str,
}

impl Arguments {
    pub(super) fn line(&mut self, page: &mut DocPage, words: &PageWords, line: Line<'_>) {
        let text = line.text;
        if text.starts_with("Argument") && text.ends_with("Description") {
            self.example_column = text.contains("Example");
        } else if let Some(example) = text.strip_prefix("Example:") {
            set_example(page, line, example.trim());
        } else if let Some(default) = text.strip_prefix("Default:") {
            set_default(page, unquote(default.trim()));
        } else if let Some(row) = self.row(text, words) {
            add_row(page, line, row);
        } else if text.contains(' ') {
            described_default(page, line, text);
        } else {
            page.unparsed(line, EXPECTED_ROW);
        }
    }

    /// The first `Required`/`Optional` that ends a name (and type or example) makes the row.
    fn row<'a>(&self, text: &'a str, words: &PageWords) -> Option<Row<'a>> {
        text.char_indices().find_map(|(at, _)| {
            let &(flag, required) = FLAGS
                .iter()
                .find(|(flag, _)| text[at..].starts_with(flag))?;
            let (lead, after) = (text[..at].trim_end(), &text[at + flag.len()..]);
            if self.example_column {
                untyped_row(lead, after, required, words)
            } else {
                typed_row(lead, after, required, words)
            }
        })
    }
}

/// `tokenstringRequired`, or with the previous example in front and the description behind:
/// `xxxx-xxxxxxxxx-xxxxchannelstringRequiredConversation ID to learn more about`.
fn typed_row<'a>(
    lead: &'a str,
    after: &'a str,
    required: bool,
    words: &PageWords,
) -> Option<Row<'a>> {
    let run_in_description = after.starts_with(|c: char| c.is_ascii_uppercase() || c == ' ');
    if !(after.is_empty() || after.starts_with(',') || run_in_description) {
        return None;
    }
    let typed = TYPE_WORDS.iter().find_map(|&word| {
        lead.strip_suffix(word)
            .map(|before| (before.trim_end(), word))
    });
    let Some((before, type_word)) = typed else {
        // Today's layout leaves the type out of some rows (`blocks Optional`): a bare name.
        return split_runs::is_identifier(lead).then(|| Row {
            name: lead,
            type_word: None,
            required,
            example: String::new(),
            previous_example: String::new(),
            confidence: Confidence::Plain,
            after,
        });
    };
    let glued = split_runs::name_at_end(before, words)?;
    Some(Row {
        name: glued.name,
        type_word: Some(type_word),
        required,
        example: String::new(),
        previous_example: glued.example,
        confidence: glued.confidence,
        after,
    })
}

/// `channel_id Required`, `tokenxxxx-xxxxxxxxx-xxxxRequired`, `org_channeltrueOptional, default=false`.
fn untyped_row<'a>(
    lead: &'a str,
    after: &'a str,
    required: bool,
    words: &PageWords,
) -> Option<Row<'a>> {
    if !(after.is_empty() || after.starts_with(',')) {
        return None;
    }
    let glued = split_runs::name_at_start(lead, words)?;
    Some(Row {
        name: glued.name,
        type_word: None,
        required,
        example: glued.example,
        previous_example: String::new(),
        confidence: glued.confidence,
        after,
    })
}

fn add_row(page: &mut DocPage, line: Line<'_>, row: Row<'_>) {
    if row.previous_example.is_empty() {
        report_split(page, line, &row);
    } else {
        give_previous_example(page, line, &row);
    }
    if let Some(first) = page
        .arguments
        .iter()
        .find(|argument| argument.name == row.name)
    {
        let message = format!(
            "argument `{}` is listed again (first on line {}); kept the first",
            row.name, first.line
        );
        page.notes.push(Note::at(line.number, message));
        return;
    }
    page.arguments.push(PageArgument {
        name: row.name.to_owned(),
        ty: PageType::word(row.type_word.map(str::to_owned)),
        required: row.required,
        default: None,
        example: Some(row.example).filter(|example| !example.is_empty()),
        line: line.number,
    });
    match row.after.strip_prefix(',') {
        Some(extra) => flag_default(page, line, extra.trim()),
        None => described_default(page, line, row.after),
    }
}

/// A row run into the previous one's example: the example goes back where it belongs.
fn give_previous_example(page: &mut DocPage, line: Line<'_>, row: &Row<'_>) {
    let example = &row.previous_example;
    let message = match page.arguments.last_mut() {
        Some(previous) if previous.example.is_none() => {
            previous.example = Some(example.clone());
            format!(
                "read `{example}` before `{}` as the example of `{}`",
                row.name, previous.name
            )
        }
        _ => format!(
            "`{example}` before `{}` belongs to no argument; left out",
            row.name
        ),
    };
    let message = message + split_check(row.confidence);
    page.notes.push(Note::at(line.number, message));
}

/// A name and its example run together and told apart without a plain boundary.
fn report_split(page: &mut DocPage, line: Line<'_>, row: &Row<'_>) {
    if row.confidence != Confidence::Plain {
        let message = format!(
            "read argument `{}` with example `{}` run into it",
            row.name, row.example
        );
        let message = message + split_check(row.confidence);
        page.notes.push(Note::at(line.number, message));
    }
}

/// What the curator should hear about how a name and an example were told apart.
fn split_check(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Plain => "",
        Confidence::Guessed => {
            "; split at a literal value or where the page uses the name elsewhere, check it"
        }
        Confidence::Unknown => "; nothing showed where they meet, took the longest name, check it",
    }
}

/// `, default=false` after the flag.
fn flag_default(page: &mut DocPage, line: Line<'_>, extra: &str) {
    match extra.strip_prefix("default=") {
        Some(value) => set_default(page, value.trim()),
        None => page.unparsed(line.with_text(extra), "`default=<value>` after the flag"),
    }
}

/// "Defaults to false" in a description, whether on its own line or run into the row.
fn described_default(page: &mut DocPage, line: Line<'_>, sentence: &str) {
    match default_in_sentence(sentence) {
        Ok(Some(value)) => set_default(page, &value),
        Ok(None) => {}
        Err(words) => {
            let name = page.arguments.last().map_or("?", |argument| &argument.name);
            let message =
                format!("argument `{name}`: default given in words (`{words}`); not imported");
            page.notes.push(Note::at(line.number, message));
        }
    }
}

fn set_default(page: &mut DocPage, value: &str) {
    if let Some(argument) = page.arguments.last_mut() {
        argument.default.get_or_insert_with(|| value.to_owned());
    }
}

/// `` `public_channel` `` or `"20"` -> the value inside.
fn unquote(text: &str) -> &str {
    let inner = text.trim_matches(['`', '"']);
    if inner.len() + 2 == text.len() {
        inner
    } else {
        text
    }
}

fn set_example(page: &mut DocPage, line: Line<'_>, value: &str) {
    match page.arguments.last_mut() {
        Some(argument) => {
            argument.example.get_or_insert_with(|| value.to_owned());
        }
        None => page.unparsed(line, "an `Example:` line after an argument row"),
    }
}
