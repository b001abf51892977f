//! A paged method's `pagination`: its cursor and page-size arguments, and the members of the
//! answer (a list of items, the next cursor) it names, perhaps inside object members.

use super::*;

impl Context {
    /// The pagination's names: an optional string cursor argument, an optional integer limit,
    /// and the answer's list of items and next cursor where the spec names them.
    pub(super) fn pagination(
        &mut self,
        at: At<'_>,
        spec: &MethodSpec,
        arguments: &[model::Argument],
        fields: &[model::Field],
        types: &TypeTable,
    ) -> Option<model::Pagination> {
        if let Some(why) = &spec.not_paged {
            self.description(at, "$.not_paged", why);
            if spec.pagination.is_some() {
                self.report(at.error(
                    "$.not_paged",
                    "the spec says the method is not paged, and how it is paged",
                    "keep `pagination` or `not_paged`, not both",
                ));
            }
            return None;
        }
        let Some(paging) = spec.pagination.as_ref() else {
            if arguments
                .iter()
                .any(|argument| argument.wire_name == "cursor")
            {
                self.report(at.error(
                    "$.pagination",
                    "the method takes a `cursor` but the spec says nothing of its pages",
                    "add \"pagination\": {\"cursor\": \"cursor\", \"limit\": \"limit\", \"items\": \
                     \"<the answer's list member>\"} so the list can be walked, or \
                     \"not_paged\": \"<why>\" when the cursor is not a page cursor",
                ));
            }
            return None;
        };
        let argument = |name: &str| arguments.iter().find(|argument| argument.wire_name == name);
        let cursor = argument(&paging.cursor).filter(|cursor| {
            cursor.presence == model::Presence::Optional
                && cursor.ty == model::ArgumentType::Scalar(model::Scalar::String)
        });
        if cursor.is_none() {
            self.report(at.error(
                "$.pagination.cursor",
                format!("`{}` is not an optional string argument", paging.cursor),
                "name the argument that takes `response_metadata.next_cursor` (`cursor`)",
            ));
        }
        let limit = paging.limit.as_deref().map(|name| {
            let found = argument(name).filter(|limit| {
                limit.presence == model::Presence::Optional
                    && limit.ty == model::ArgumentType::Scalar(model::Scalar::I64)
            });
            if found.is_none() {
                self.report(at.error(
                    "$.pagination.limit",
                    format!("`{name}` is not an optional integer argument"),
                    "name the argument that sets the page size (`limit`), or leave `limit` out",
                ));
            }
            found.map(|limit| limit.ident.clone())
        });
        let items = paging.items.as_deref().map(|path| {
            let found = member_path(fields, path, types).and_then(|(steps, ty)| match ty {
                model::RustType::Vec(item) => Some((steps, *item)),
                _ => None,
            });
            if found.is_none() {
                self.report(at.error(
                    "$.pagination.items",
                    format!("`{path}` is not a list member of the response"),
                    "name the response field that holds a page's items (`channels`), a dotted \
                     path through object members (`messages.matches`), or leave `items` out \
                     when a page holds no list",
                ));
            }
            found
        });
        let next_cursor = paging.next_cursor.as_deref().map(|path| {
            let found = member_path(fields, path, types)
                .filter(|(_, ty)| *ty == model::RustType::Scalar(model::Scalar::String))
                .map(|(steps, _)| steps);
            if found.is_none() {
                self.report(at.error(
                    "$.pagination.next_cursor",
                    format!("`{path}` is not a string member of the response"),
                    "name the response field (or dotted path) that holds the next page's \
                     cursor, or leave `next_cursor` out when Slack sends it in \
                     `response_metadata`",
                ));
            }
            found
        });
        if paging.first_cursor.as_deref() == Some("") {
            self.report(at.error(
                "$.pagination.first_cursor",
                "the first cursor is empty",
                "give the cursor the first page is asked with (`*`), or leave it out",
            ));
        }
        Some(model::Pagination {
            cursor: cursor?.ident.clone(),
            cursor_wire: paging.cursor.clone(),
            limit: found_if_named(limit)?,
            items: found_if_named(items)?,
            next_cursor: found_if_named(next_cursor)?,
            first_cursor: paging.first_cursor.clone(),
        })
    }
}

/// For a name the spec may leave out: `Some(None)` when it does, `Some(Some(found))` when the
/// name was found, `None` when it was named but not found (already reported).
fn found_if_named<T>(named: Option<Option<T>>) -> Option<Option<T>> {
    match named {
        Some(found) => Some(Some(found?)),
        None => Some(None),
    }
}

/// The fields a dotted path (`messages.paging.next_cursor`) goes through from `fields`, and the
/// type at its end; every step but the last must be an object member.
fn member_path(
    fields: &[model::Field],
    path: &str,
    types: &TypeTable,
) -> Option<(Vec<model::PathStep>, model::RustType)> {
    let mut fields = fields;
    let mut steps = Vec::new();
    let mut names = path.split('.').peekable();
    while let Some(name) = names.next() {
        let field = fields.iter().find(|field| field.wire_name == name)?;
        steps.push(model::PathStep {
            wire_name: field.wire_name.clone(),
            ident: field.ident.clone(),
            presence: field.presence,
        });
        if names.peek().is_none() {
            return Some((steps, field.ty.clone()));
        }
        let model::RustType::Object(ident) = &field.ty else {
            return None;
        };
        fields = &types
            .objects
            .values()
            .find(|object| object.ident == *ident)?
            .fields;
    }
    None
}
