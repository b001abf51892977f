//! File arguments: a `file` travels only as a part of a `multipart/form-data` body, so a method
//! with one must accept that content type, and a method without one has no use for it. In an
//! answer a file is never a value (Slack answers with file objects).

use super::*;
use crate::spec::ContentType;

impl Context {
    pub(super) fn files(&mut self, at: At<'_>, spec: &MethodSpec, arguments: &[model::Argument]) {
        let file = arguments
            .iter()
            .find(|argument| argument.ty == model::ArgumentType::Scalar(Scalar::File))
            .and_then(|file| {
                // The place in the file: the model leaves out the token argument.
                let named = |spec: &ArgumentSpec| spec.name == file.wire_name;
                spec.arguments.iter().position(named)
            });
        let multipart = spec.content_types.contains(&ContentType::Multipart);
        match (file, multipart) {
            (Some(index), false) => self.report(at.error(
                format!("$.arguments[{index}].type"),
                "expected \"multipart/form-data\" among `content_types` for a file argument",
                "add \"multipart/form-data\" to `content_types`: a file travels only in a \
                 multipart body",
            )),
            (None, true) => self.report(at.error(
                "$.content_types",
                "expected a `file` argument beside \"multipart/form-data\"",
                "remove \"multipart/form-data\", or type the argument the page sends as a \
                 multipart part `file`",
            )),
            _ => {}
        }
    }

    /// A file is an argument type only.
    pub(super) fn no_file_in_answer(&mut self, at: At<'_>, path: &str, ty: &RustType) {
        if holds_file(ty) {
            self.report(at.error(
                path,
                "a `file` is an argument type only",
                "type the member as Slack sends it (a file object is `{\"ref\": \"file\"}`)",
            ));
        }
    }
}

fn holds_file(ty: &RustType) -> bool {
    match ty {
        RustType::Scalar(Scalar::File) => true,
        RustType::Vec(inner) | RustType::Nullable(inner) => holds_file(inner),
        _ => false,
    }
}
