//! Typed error and warning codes: the row that says what a wire code means, and the macros that
//! turn a generated code enum (one line per code, the variant beside its row) into the enum, its
//! lookups and impls (inherent methods, `Display`, `Code`, `std::error::Error`); see
//! [`code_enum!`]. The lookups are plain matches: nothing generic is compiled per enum.

use std::fmt;

/// What one wire code means: a row of a code table.
///
/// Codes every method shares are described once, in [`CommonError`](crate::api::CommonError) and
/// [`CommonWarning`](crate::api::CommonWarning); a method's own codes carry their row in the
/// method's module.
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

/// Turns a generated `#[apply(error_codes!)]` enum into a method's error code enum: see
/// [`code_enum!`]; its `Common` variant holds a [`CommonError`](crate::api::CommonError).
macro_rules! error_codes {
    ($($item:tt)*) => {
        crate::codes::code_enum!(common(crate::api::CommonError) $($item)*);

        crate::codes::error_impl!($($item)*);
    };
}

/// `std::error::Error` for a generated error code enum.
macro_rules! error_impl {
    ($(#[$attr:meta])* $vis:vis enum $name:ident $rows:tt) => {
        impl std::error::Error for $name {}
    };
}

/// Turns a generated `#[apply(warning_codes!)]` enum into a method's warning code enum: see
/// [`code_enum!`]; its `Common` variant holds a [`CommonWarning`](crate::api::CommonWarning).
macro_rules! warning_codes {
    ($($item:tt)*) => {
        crate::codes::code_enum!(common(crate::api::CommonWarning) $($item)*);
    };
}

/// Turns the generated `CommonError` / `CommonWarning` into code enums without a `Common`
/// variant of their own.
macro_rules! common_codes {
    ($($item:tt)*) => {
        crate::codes::code_enum!(common() $($item)*);
    };
}

/// A generated code enum is written as one line per code the method describes itself, the
/// variant with its row:
///
/// ```text
/// #[apply(crate::codes::error_codes!)]
/// pub enum ConversationsInfoError {
///     ChannelIsLimitedAccess = code("channel_is_limited_access", "What it means."),
///     Flaky = code("flaky", "What it means.").retryable(),
/// }
/// ```
///
/// so that adding a code to a spec adds one line (one hunk) to the generated file. This macro
/// turns that into the real enum: each variant documented from its row, `Common` for the codes
/// every method shares (one enum of them, not a copy in each method's), `Unknown(String)` for
/// undocumented codes (the generator's naming rule; its validation keeps codes off both
/// names), and the impls, written as plain matches so that nothing generic is compiled per
/// enum: the inherent `code()` and `description()` (so callers need not import
/// [`Code`](crate::Code)), `Code` and `Display`.
macro_rules! code_enum {
    (
        common($($common:ty)?)
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = code($code:literal, $description:literal $(,)?) $(.$retryable:ident())?),* $(,)?
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
                #[doc = concat!("`", $code, "`: ", $description)]
                $variant,
            )*
            $(
                /// A code every method can answer with.
                Common($common),
            )?
            /// A code the docs do not list, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The row of a documented code; `None` for `Unknown`.
            pub(crate) fn info(&self) -> Option<&'static crate::CodeInfo> {
                match self {
                    $(Self::$variant => Some(
                        const { &crate::CodeInfo::new($code, $description) $(.$retryable())? },
                    ),)*
                    $(Self::Common(common) => <$common>::info(common),)?
                    Self::Unknown(_) => None,
                }
            }

            /// The documented code of a wire code, if any.
            // An enum without documented codes never reads `code`.
            #[allow(unused_variables)]
            pub(crate) fn lookup(code: &str) -> Option<Self> {
                $(if code == $code {
                    return Some(Self::$variant);
                })*
                $(if let Some(common) = <$common>::lookup(code) {
                    return Some(Self::Common(common));
                })?
                None
            }

            /// The wire code, e.g. `channel_not_found`; also available through `crate::Code`.
            // An enum without documented codes has only `Unknown`, which makes `known` unreachable.
            #[allow(unreachable_patterns)]
            pub fn code(&self) -> &str {
                // Matches, not `Option` adaptors: a closure per enum is a function per enum.
                match (self, self.info()) {
                    (Self::Unknown(code), _) => code,
                    (_, Some(info)) => info.code,
                    (_, None) => "",
                }
            }

            /// What the code means, from the spec; `None` for `Unknown`.
            pub fn description(&self) -> Option<&'static str> {
                match self.info() {
                    Some(info) => Some(info.description),
                    None => None,
                }
            }
        }

        impl crate::Code for $name {
            fn from_code(code: &str) -> Self {
                match Self::lookup(code) {
                    Some(known) => known,
                    None => Self::Unknown(code.to_owned()),
                }
            }

            fn code(&self) -> &str {
                // Method calls resolve to the inherent `code` above, not back to this one.
                self.code()
            }

            fn is_retryable(&self) -> bool {
                matches!(self.info(), Some(info) if info.retryable)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::codes::display(self.code(), self.description(), f)
            }
        }
    };
}

/// How generated code enums invoke [`error_codes!`], [`warning_codes!`] and [`common_codes!`]:
/// as an attribute, so the enum stays ordinary Rust that the generator's formatter lays out one
/// code per line.
pub(crate) use macro_rules_attribute::apply;
pub(crate) use {code_enum, common_codes, error_codes, error_impl, warning_codes};
