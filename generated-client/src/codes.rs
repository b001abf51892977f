//! Typed error and warning codes: the row that says what a wire code means, and the lookups
//! every generated code enum shares, written once here over the enum's table of rows.
//!
//! A generated code enum is one line per code, the variant beside its row; [`code_enum!`] turns
//! it into the enum, its [`CodeTable`] and the impls Rust's orphan rules keep from being written
//! generically (inherent methods, `Display`, `Code`, `std::error::Error`).

use std::fmt;

/// What one wire code means: a row of a code table.
///
/// Codes many methods share are described once, in [`shared_codes`](crate::api::shared_codes); a
/// method's own codes carry their row in the method's module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeInfo {
    /// The wire code, e.g. `channel_not_found`.
    pub code: &'static str,
    /// What the code means, from the spec.
    pub description: &'static str,
    /// Whether the spec marks the code as transient, worth retrying after a pause.
    pub retryable: bool,
}

impl CodeInfo {
    /// A code that is not worth retrying.
    pub const fn new(code: &'static str, description: &'static str) -> Self {
        Self {
            code,
            description,
            retryable: false,
        }
    }

    /// The same code, marked worth retrying.
    pub const fn retryable(self) -> Self {
        Self {
            retryable: true,
            ..self
        }
    }
}

/// A generated code enum: each documented variant with its row. `Unknown` has no row.
pub(crate) trait CodeTable: PartialEq + Clone + Sized + 'static {
    /// One row per documented variant.
    const ROWS: &'static [(Self, CodeInfo)];
}

/// The row of a documented variant; `None` for `Unknown`.
pub(crate) fn info<T: CodeTable>(value: &T) -> Option<&'static CodeInfo> {
    T::ROWS
        .iter()
        .find(|(variant, _)| variant == value)
        .map(|(_, info)| info)
}

/// The documented variant of a wire code; `None` when the table does not list it.
pub(crate) fn from_code<T: CodeTable>(code: &str) -> Option<T> {
    T::ROWS
        .iter()
        .find(|(_, info)| info.code == code)
        .map(|(variant, _)| variant.clone())
}

/// `code: description`, or the code alone when there is no description.
pub(crate) fn display(
    code: &str,
    description: Option<&str>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    match description {
        Some(description) => write!(f, "{code}: {description}"),
        None => f.write_str(code),
    }
}

/// Turns a generated `#[apply(error_codes!)]` enum into a code enum: see [`code_enum!`].
macro_rules! error_codes {
    ($(#[$attr:meta])* $vis:vis enum $name:ident $rows:tt) => {
        crate::codes::code_enum!($(#[$attr])* $vis enum $name $rows);

        impl std::error::Error for $name {}
    };
}

/// Turns a generated `#[apply(warning_codes!)]` enum into a code enum: see [`code_enum!`].
macro_rules! warning_codes {
    ($($item:tt)*) => {
        crate::codes::code_enum!($($item)*);
    };
}

/// A generated code enum is written as one line per code, the variant with its row:
///
/// ```text
/// #[apply(crate::codes::error_codes!)]
/// pub enum ConversationsInfoError {
///     ChannelNotFound = shared(CHANNEL_NOT_FOUND),
///     ChannelIsLimitedAccess = code("channel_is_limited_access", "What it means."),
///     Flaky = code("flaky", "What it means.").retryable(),
/// }
/// ```
///
/// so that adding a code to a spec adds one line (one hunk) to the generated file. This macro
/// turns that into the real enum: each variant documented from its row, the `Unknown(String)`
/// variant for undocumented codes (the generator's naming rule; its validation keeps codes off
/// that name), the [`CodeTable`] of rows, and the impls that cannot be written once generically
/// (Rust's orphan rules): the inherent `code()` and `description()` (so callers need not import
/// [`Code`](crate::Code)), `Code` and `Display`, each a one-line call into this module.
macro_rules! code_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = $kind:ident ($($row:tt)*) $(.$retryable:ident())?),* $(,)?
        }
    ) => {
        $(#[$attr])*
        ///
        /// Codes the docs do not list arrive as `Unknown`; the enum is `#[non_exhaustive]`
        /// because Slack adds codes over time.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                #[doc = crate::codes::row_doc!($kind $($row)*)]
                $variant,
            )*
            /// A code the docs do not list, kept as Slack sent it.
            Unknown(String),
        }

        impl crate::codes::CodeTable for $name {
            const ROWS: &'static [(Self, crate::CodeInfo)] = &[
                $((Self::$variant, crate::codes::row_info!($kind $($row)*) $(.$retryable())?),)*
            ];
        }

        impl $name {
            /// The wire code, e.g. `channel_not_found`; also available through `crate::Code`.
            // An enum without documented codes has only `Unknown`, which makes `known` unreachable.
            #[allow(unreachable_patterns)]
            pub fn code(&self) -> &str {
                match self {
                    Self::Unknown(code) => code,
                    known => crate::codes::info(known).map_or("", |info| info.code),
                }
            }

            /// What the code means, from the spec; `None` for `Unknown`.
            pub fn description(&self) -> Option<&'static str> {
                crate::codes::info(self).map(|info| info.description)
            }
        }

        impl crate::Code for $name {
            fn from_code(code: &str) -> Self {
                crate::codes::from_code(code).unwrap_or_else(|| Self::Unknown(code.to_owned()))
            }

            fn code(&self) -> &str {
                // Method calls resolve to the inherent `code` above, not back to this one.
                self.code()
            }

            fn is_retryable(&self) -> bool {
                crate::codes::info(self).is_some_and(|info| info.retryable)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::codes::display(self.code(), self.description(), f)
            }
        }
    };
}

/// A variant's doc, from its row: a shared code links its one description, a method's own code
/// carries its description.
macro_rules! row_doc {
    (shared $constant:ident) => {
        concat!(
            "A shared code: [`",
            stringify!($constant),
            "`](crate::api::shared_codes::",
            stringify!($constant),
            ")."
        )
    };
    (code $code:literal, $description:literal $(,)?) => {
        concat!("`", $code, "`: ", $description)
    };
}

/// A variant's [`CodeInfo`], from its row.
macro_rules! row_info {
    (shared $constant:ident) => {
        crate::api::shared_codes::$constant
    };
    (code $code:literal, $description:literal $(,)?) => {
        crate::CodeInfo::new($code, $description)
    };
}

/// How generated code enums invoke [`error_codes!`] and [`warning_codes!`]: as an attribute, so
/// the enum stays ordinary Rust that the generator's formatter lays out one code per line.
pub(crate) use macro_rules_attribute::apply;
pub(crate) use {code_enum, error_codes, row_doc, row_info, warning_codes};
