//! A Slack doc page read into a neutral model, [`DocPage`]: a page copied from the site as text,
//! or its machine-readable twin (`<method>.json`, read by [`twin`]).
//!
//! Text pages come in several layouts (one table cell a line; an "Argument Example Required"
//! table; codes run into their descriptions; today's docs.slack.dev layout with `Scopes` blocks,
//! `Default:` lines and headings followed by an invisible U+200B), so the reader goes line by
//! line, knows which section it is in, and records every line of a table or fact block it could
//! not interpret rather than guessing. Prose is skipped: its words are not ours to copy.

mod arguments;
mod codes;
mod facts;
mod split_runs;
pub mod twin;

pub(crate) use facts::{ENDPOINT_PREFIX, is_method_name};

use crate::Note;
use codegen::spec::{ContentType, HttpMethod, Plan, RateLimit, ScopesSpec, TokenType};

/// Which kind of page a [`DocPage`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A page copied from the site as text: its error table lists every code, shared ones too.
    #[default]
    Text,
    /// The page's machine-readable twin: it lists only the method's own codes, and gives the
    /// answer's members.
    Twin,
}

/// What a doc page says about one method. Facts the page leaves out stay `None` or empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocPage {
    pub layout: Layout,
    /// The method name, e.g. `conversations.info`.
    pub name: Option<String>,
    /// The endpoint URL.
    pub url: Option<String>,
    pub http_method: Option<HttpMethod>,
    /// Content types, in the page's order.
    pub content_types: Vec<ContentType>,
    /// A published tier or special limit; `None` when the page gives none.
    pub rate_limit: Option<RateLimit>,
    pub token_types: Vec<TokenType>,
    /// Scopes per token type.
    pub scopes: ScopesSpec,
    /// Plans a prose sentence restricts the method to.
    pub plans: Vec<Plan>,
    /// Whether the page marks the method deprecated; `None` when it does not say either way.
    pub deprecated: Option<bool>,
    /// The method a deprecated one's page says to call instead (`rtm.connect`).
    pub replacement: Option<String>,
    pub arguments: Vec<PageArgument>,
    pub errors: Vec<PageCode>,
    pub warnings: Vec<PageCode>,
    /// The members of an `ok: true` answer, when the page lists them (twins do).
    pub members: Option<Vec<PageMember>>,
    /// Where the argument and error tables begin (1-based lines), when the page has them: a
    /// page without them would draft a spec without arguments or codes, so callers refuse it.
    pub tables: Tables,
    /// Lines of tables and fact blocks the reader could not interpret.
    pub unparsed: Vec<Unparsed>,
    /// What the reader assumed or dropped (a guessed split, a duplicate code), for the curator.
    pub notes: Vec<Note>,
}

/// The lines of a page's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tables {
    pub arguments: Option<usize>,
    pub errors: Option<usize>,
}

/// A type as a page gives it: a JSON type word, and what the value is beyond that.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageType {
    /// `string`, `boolean`, `integer`, `number`, `array`, `object`; `None` when the page gives
    /// no type word.
    pub word: Option<String>,
    /// What the value is: an ID kind or value kind (`channel`, `user`, `team`, `timestamp`), or
    /// the object type a twin's `schema` names (`conversation`, `user_id`).
    pub subtype: Option<String>,
    /// An array's items.
    pub items: Option<Box<PageType>>,
    /// The page allows `null` too.
    pub nullable: bool,
    /// The words the value may be, when the page lists them.
    pub words: Vec<String>,
    /// The page's example answers show a whole object here (every value they give is one):
    /// twins name some objects by an ID's schema (`channel`), and only their examples tell.
    pub shown_as_object: bool,
    /// The page's example answers show a string here (every value they give is one) although
    /// its type word says otherwise (slackLists.download.start's `job_id`, "integer").
    pub shown_as_string: bool,
}

impl PageType {
    /// A bare type word, as text pages give it.
    pub fn word(word: Option<String>) -> PageType {
        PageType {
            word,
            ..PageType::default()
        }
    }
}

/// One member of an `ok: true` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMember {
    pub name: String,
    pub ty: PageType,
    pub required: bool,
    /// The page line it is on (1-based).
    pub line: usize,
}

/// One argument row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageArgument {
    pub name: String,
    /// The row's type; its word is `None` in tables without a type column.
    pub ty: PageType,
    pub required: bool,
    /// The default as written (`false`), from `default=false` or "Defaults to false".
    pub default: Option<String>,
    /// The example as written.
    pub example: Option<String>,
    /// The page line of the row (1-based).
    pub line: usize,
}

/// One error or warning code, with the page line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCode {
    pub code: String,
    pub line: usize,
}

pub use codegen::model::CodeKind;

/// A line the reader could not interpret, and what it expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    /// 1-based.
    pub line: usize,
    pub text: String,
    pub expected: String,
}

impl DocPage {
    /// What was read, in one line: `N arguments, N error codes, N warnings, tier, scopes`.
    pub fn summary(&self) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let rate_limit = match &self.rate_limit {
            Some(RateLimit::Tier(tier)) => format!("Tier {tier}"),
            Some(RateLimit::Special(_)) => "special rate limit".to_owned(),
            Some(RateLimit::Unpublished) | None => "no rate limit".to_owned(),
        };
        let scopes = self.scopes.by_token();
        let scopes = if scopes.is_empty() {
            "no scopes".to_owned()
        } else {
            scopes
                .iter()
                .map(|(token, scopes)| {
                    let token = serde_json::to_value(token)
                        .ok()
                        .and_then(|value| value.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    format!("{token} {}", count(scopes.len(), "scope"))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = vec![
            count(self.arguments.len(), "argument"),
            count(self.errors.len(), "error code"),
            count(self.warnings.len(), "warning"),
            rate_limit,
            scopes,
        ];
        if let Some(members) = &self.members {
            parts.push(count(members.len(), "answer member"));
        }
        parts.join(", ")
    }

    /// Reads a page's text. Never fails: what it cannot interpret lands in `unparsed`.
    pub fn parse(text: &str) -> DocPage {
        let mut reader = Reader::new(text);
        for (index, raw) in text.lines().enumerate() {
            reader.line(index + 1, &normalize(raw));
        }
        reader.page
    }

    /// Everything the curator should hear about: unparsed lines and notes, in page order.
    pub fn report(&self) -> Vec<Note> {
        let unparsed = self.unparsed.iter().map(|line| {
            Note::at(
                line.line,
                format!(
                    "could not interpret `{}`; expected {}",
                    line.text, line.expected
                ),
            )
        });
        let mut report: Vec<Note> = unparsed.chain(self.notes.iter().cloned()).collect();
        report.sort_by_key(|note| note.line);
        report
    }

    /// The error or the warning codes.
    pub fn codes(&self, kind: CodeKind) -> &[PageCode] {
        match kind {
            CodeKind::Error => &self.errors,
            CodeKind::Warning => &self.warnings,
        }
    }

    fn codes_mut(&mut self, kind: CodeKind) -> &mut Vec<PageCode> {
        match kind {
            CodeKind::Error => &mut self.errors,
            CodeKind::Warning => &mut self.warnings,
        }
    }

    fn unparsed(&mut self, line: Line<'_>, expected: &str) {
        self.unparsed.push(Unparsed {
            line: line.number,
            text: line.text.to_owned(),
            expected: expected.to_owned(),
        });
    }
}

/// The site puts no-break spaces and tabs between cells; they separate like spaces. Headings on
/// docs.slack.dev end in an invisible zero-width space (U+200B), which copying keeps.
fn normalize(raw: &str) -> String {
    raw.replace(['\u{a0}', '\t'], " ")
        .replace(['\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}'], "")
        .trim()
        .to_owned()
}

/// One normalized line and its 1-based number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn with_text(self, text: &'a str) -> Line<'a> {
        Line { text, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any heading: the method name and summary.
    Header,
    Facts,
    Arguments,
    Usage,
    Response,
    Errors,
    Warnings,
}

/// Headings, matched at the end of a line because some layouts run a table's last cell into the
/// next heading (`falsetrueUsage info`).
const HEADINGS: &[(&str, Section)] = &[
    ("Facts", Section::Facts),
    ("Required arguments", Section::Arguments),
    ("Optional arguments", Section::Arguments),
    ("Arguments", Section::Arguments),
    ("Usage info", Section::Usage),
    ("Response", Section::Response),
    ("Errors", Section::Errors),
    ("Warnings", Section::Warnings),
];

/// `(text before the heading, section)` when the line ends with a heading.
fn split_heading(text: &str) -> Option<(&str, Section)> {
    HEADINGS.iter().find_map(|&(heading, section)| {
        text.strip_suffix(heading)
            .map(|before| (before.trim_end(), section))
    })
}

/// The reader's state while it walks the lines.
struct Reader {
    page: DocPage,
    section: Section,
    words: split_runs::PageWords,
    facts: facts::Facts,
    arguments: arguments::Arguments,
    codes: codes::Codes,
}

impl Reader {
    fn new(text: &str) -> Self {
        Reader {
            page: DocPage::default(),
            section: Section::Header,
            words: split_runs::PageWords::new(text),
            facts: facts::Facts::default(),
            arguments: arguments::Arguments::default(),
            codes: codes::Codes::default(),
        }
    }

    fn line(&mut self, number: usize, text: &str) {
        let line = Line { number, text };
        match split_heading(text) {
            Some((before, section)) => {
                if !before.is_empty() {
                    self.in_section(line.with_text(before));
                }
                self.section = section;
                self.codes = codes::Codes::default();
                let tables = &mut self.page.tables;
                match section {
                    Section::Arguments => _ = tables.arguments.get_or_insert(number),
                    Section::Errors => _ = tables.errors.get_or_insert(number),
                    _ => {}
                }
            }
            None if text.is_empty() => {}
            None => self.in_section(line),
        }
    }

    fn in_section(&mut self, line: Line<'_>) {
        let page = &mut self.page;
        match self.section {
            Section::Header | Section::Facts => self.facts.line(page, line),
            Section::Arguments => self.arguments.line(page, &self.words, line),
            Section::Usage => facts::plans_in_prose(page, line.text),
            // Example responses are JSON the curator describes; nothing to read mechanically.
            Section::Response => {}
            Section::Errors => self.codes.line(page, CodeKind::Error, line),
            Section::Warnings => self.codes.line(page, CodeKind::Warning, line),
        }
    }
}
