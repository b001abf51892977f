//! Every Rust name the generator emits is decided here, from a wire name.
//!
//! Wire names are Slack's (`linkObjects`, `type`, `2fa_required`); the rules below turn them into
//! legal, idiomatic identifiers or say why they cannot be.

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers, even raw ones, or that are reserved for future use.
/// Kept explicit (not delegated to syn) so the list, `gen` included, is visible and tested.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The module of shared ID newtypes.
pub const IDS_MODULE: &str = "ids";
/// The module of shared object types.
pub const TYPES_MODULE: &str = "types";
/// The module of the by-name calls behind the `cli` feature.
pub const BY_NAME_MODULE: &str = "by_name";
/// The public module describing shared codes once.
pub const SHARED_CODES_MODULE: &str = "shared_codes";
/// The enums of the codes every method shares, in `SHARED_CODES_MODULE`.
pub const COMMON_ERROR: &str = "CommonError";
pub const COMMON_WARNING: &str = "CommonWarning";
/// The child module of each method's module holding what by-name calls need (its help row and
/// its request's `FromArgs`), in `<method>/cli.rs`, compiled only with the `cli` feature. Being a
/// child, it cannot collide with any method's module.
pub const CLI_SUBMODULE: &str = "cli";
/// The root module of `generated/`.
pub const ROOT_MODULE: &str = "mod";
/// Every module the generator writes besides one per method: emit writes exactly these, and
/// validation keeps methods off these names.
pub const FIXED_MODULES: &[&str] = &[
    BY_NAME_MODULE,
    IDS_MODULE,
    ROOT_MODULE,
    SHARED_CODES_MODULE,
    TYPES_MODULE,
];

/// The variant of every code enum that keeps codes the docs do not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";
/// The variant of every method's code enum that holds the codes every method shares.
pub const COMMON_VARIANT: &str = "Common";
/// The request constructor; an argument called so gets a `_` suffix on its field and setter.
pub const REQUEST_CONSTRUCTOR: &str = "new";

/// The Rust names of everything emitted for one Web API method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodNames {
    /// Module file stem and client method name (`conversations_info`).
    pub module: String,
    pub request: String,
    pub response: String,
    pub error: String,
    pub warning: String,
    /// The cargo feature of the method's API family (`admin-conversations`).
    pub family: String,
}

/// `conversations.info` -> module `conversations_info`, `ConversationsInfoRequest`, ...,
/// family `conversations`.
/// The fallback variant of a generated enum of words: a word the docs did not list.
pub const OTHER_VARIANT: &str = "Other";

pub fn method_names(wire: &str) -> Result<MethodNames, NameError> {
    let base = type_name(wire)?;
    Ok(MethodNames {
        module: value_name(wire)?,
        request: format!("{base}Request"),
        response: format!("{base}Response"),
        error: format!("{base}Error"),
        warning: format!("{base}Warning"),
        family: family(wire)?,
    })
}

/// The API family of a method, as a cargo feature name: its first segment, kebab-cased, as
/// Slack's reference groups methods (`conversations.canvases.create` -> `conversations`); the
/// admin methods, which reach across a whole org, by their first two
/// (`admin.conversations.setTeams` -> `admin-conversations`). A name without a dot is its own
/// family.
pub fn family(wire: &str) -> Result<String, NameError> {
    let segments: Vec<&str> = wire.split('.').collect();
    let count = match segments.as_slice() {
        ["admin", _, _, ..] => 2,
        _ => 1,
    };
    let family_segments = &segments[..count.min(segments.len())];
    let family = family_segments
        .iter()
        .map(|segment| segment.to_kebab_case())
        .collect::<Vec<_>>()
        .join("-");
    let legal = family.starts_with(|c: char| c.is_ascii_alphanumeric())
        && family
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if legal {
        Ok(family)
    } else {
        Err(NameError { converted: family })
    }
}

/// An argument's field and setter name: `value_name`, and `new_` for `new`, which would take
/// the constructor's name.
pub fn argument_name(wire: &str) -> Result<String, NameError> {
    let name = value_name(wire)?;
    Ok(if name == REQUEST_CONSTRUCTOR {
        format!("{name}_")
    } else {
        name
    })
}

/// A wire name that yields no legal identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    /// What the conversion produced, for the message.
    pub converted: String,
}

/// `conversations.info` -> `ConversationsInfo`, `2fa` -> `N2fa`.
pub fn type_name(wire: &str) -> Result<String, NameError> {
    finish(wire.to_upper_camel_case(), 'N')
}

/// `linkObjects` -> `link_objects`, `type` -> `type_`, `2fa` -> `n2fa`.
pub fn value_name(wire: &str) -> Result<String, NameError> {
    finish(wire.to_snake_case(), 'n')
}

/// `access_denied` -> `ACCESS_DENIED`, `2fa_required` -> `N2FA_REQUIRED`: a constant's name.
pub fn const_name(wire: &str) -> Result<String, NameError> {
    finish(wire.to_shouty_snake_case(), 'N')
}

/// Makes a converted name legal: a letter before a leading digit, `_` after a keyword.
fn finish(converted: String, digit_prefix: char) -> Result<String, NameError> {
    let mut name = converted;
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    if is_identifier(&name) {
        Ok(name)
    } else {
        Err(NameError { converted: name })
    }
}

/// ASCII identifiers only: generated names must be typeable and stable across editors.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && name != "_"
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_wire_names() {
        let cases = [
            (
                "conversations.info",
                "ConversationsInfo",
                "conversations_info",
            ),
            (
                "admin.conversations.linkObjects",
                "AdminConversationsLinkObjects",
                "admin_conversations_link_objects",
            ),
            ("type", "Type", "type_"),
            ("self", "Self_", "self_"),
            ("gen", "Gen", "gen_"),
            ("ref", "Ref", "ref_"),
            ("async", "Async", "async_"),
            ("2fa_required", "N2faRequired", "n2fa_required"),
            ("linkObjects", "LinkObjects", "link_objects"),
            ("channel-id", "ChannelId", "channel_id"),
            ("is_ext_shared", "IsExtShared", "is_ext_shared"),
            ("HTTPStatus", "HttpStatus", "http_status"),
        ];
        for (wire, ty, value) in cases {
            assert_eq!(type_name(wire).as_deref(), Ok(ty), "type name of {wire}");
            assert_eq!(
                const_name(wire).as_deref(),
                Ok(value.trim_end_matches('_').to_uppercase().as_str()),
                "constant name of {wire}"
            );
            assert_eq!(
                value_name(wire).as_deref(),
                Ok(value),
                "value name of {wire}"
            );
        }
    }

    #[test]
    fn method_names_and_families() {
        let names = method_names("admin.conversations.setTeams").unwrap();
        assert_eq!(
            names,
            MethodNames {
                module: "admin_conversations_set_teams".to_owned(),
                request: "AdminConversationsSetTeamsRequest".to_owned(),
                response: "AdminConversationsSetTeamsResponse".to_owned(),
                error: "AdminConversationsSetTeamsError".to_owned(),
                warning: "AdminConversationsSetTeamsWarning".to_owned(),
                family: "admin-conversations".to_owned(),
            }
        );
        for (wire, family_name) in [
            ("conversations.info", "conversations"),
            (
                "admin.conversations.restrictAccess.addGroup",
                "admin-conversations",
            ),
            ("conversations.requestSharedInvite.list", "conversations"),
            ("admin.analytics", "admin"),
            ("2fa.verify", "2fa"),
            ("api.test", "api"),
            ("rtm", "rtm"),
        ] {
            assert_eq!(family(wire).as_deref(), Ok(family_name), "{wire}");
        }
        assert!(family(".info").is_err());
        assert_eq!(argument_name("new").as_deref(), Ok("new_"));
        assert_eq!(argument_name("newer").as_deref(), Ok("newer"));
    }

    #[test]
    fn names_with_no_identifier_are_refused() {
        for wire in ["", "___", "-", "é", "日本"] {
            let typed = type_name(wire);
            let valued = value_name(wire);
            let constant = const_name(wire);
            assert!(
                typed.is_err() || valued.is_err(),
                "{wire} gave {typed:?} / {valued:?}"
            );
            assert!(constant.is_err(), "{wire} gave {constant:?}");
        }
        assert_eq!(value_name("").unwrap_err().converted, "");
    }

    proptest::proptest! {
        /// Whatever a wire name is, a name we return parses as a Rust identifier.
        #[test]
        fn returned_names_are_identifiers(wire in "\\PC{0,24}") {
            for name in [type_name(&wire), value_name(&wire), const_name(&wire)].into_iter().flatten() {
                proptest::prop_assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{wire:?} -> {name:?}");
            }
        }
    }
}
