//! Typed error and warning codes: the row that says what a wire code means, and the lookups
//! every generated code enum shares, written once here over the enum's table of rows.
//!
//! A generated code enum lists its documented variants, implements [`CodeTable`] with one row
//! per variant, and invokes [`code_enum!`] for the impls Rust's orphan rules keep from being
//! written generically (inherent methods, `Display`, `Code`, `std::error::Error`).

use std::fmt;

/// What one wire code means: a row of a code table.
///
/// Codes many methods share are described once, in [`shared_codes`](crate::shared_codes); a
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

/// The impls of a generated code enum that cannot be written once generically: its inherent
/// `code()` and `description()` (so callers need not import [`Code`](crate::Code)), `Code`,
/// `Display` and, with `error`, `std::error::Error`. Each is a one-line call into this module.
///
/// The enum must implement [`CodeTable`] and have an `Unknown(String)` variant for undocumented
/// codes (the generator's naming rule; its validation keeps codes off that name).
macro_rules! code_enum {
    (error $name:ident) => {
        crate::codes::code_enum!(warning $name);

        impl std::error::Error for $name {}
    };
    (warning $name:ident) => {
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

pub(crate) use code_enum;
