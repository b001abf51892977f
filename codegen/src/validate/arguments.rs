//! Method arguments: the token, types a request can carry, constraints, defaults.

use super::*;

impl Context {
    pub(super) fn arguments(
        &mut self,
        at: At<'_>,
        specs: &[ArgumentSpec],
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> (model::Token, Vec<Argument>) {
        let mut token = model::Token::None;
        let mut arguments = Vec::new();
        let mut seen = Seen::default();
        for (index, spec) in specs.iter().enumerate() {
            let path = format!("$.arguments[{index}]");
            self.description(at, &format!("{path}.description"), &spec.description);
            if spec.sent_as == SentAs::BearerToken || spec.name == "token" {
                token = self.token_argument(at, &path, spec);
                self.unique_wire(at, &mut seen, &path, &spec.name, "argument");
                continue;
            }
            let Some(ident) = self.argument_ident(at, &path, &spec.name) else {
                continue;
            };
            self.unique_wire(at, &mut seen, &path, &spec.name, "argument");
            self.unique_ident(at, &mut seen, &path, &spec.name, &ident);
            if let Some(argument) = self.argument(at, &path, spec, ident, kinds) {
                arguments.push(argument);
            }
        }
        (token, arguments)
    }

    fn token_argument(&mut self, at: At<'_>, path: &str, spec: &ArgumentSpec) -> model::Token {
        if spec.name != "token"
            || spec.sent_as != SentAs::BearerToken
            || spec.ty != TypeSpec::String
        {
            self.report(at.error(
                path,
                format!(
                    "the token must be the string argument `token` with \"sent_as\": \"bearer_token\", found `{}`",
                    spec.name
                ),
                "the client carries the token in the Authorization header, never in the body",
            ));
        }
        if spec.required {
            model::Token::Required
        } else {
            model::Token::Optional
        }
    }

    fn argument(
        &mut self,
        at: At<'_>,
        path: &str,
        spec: &ArgumentSpec,
        ident: String,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<Argument> {
        let ty = self.argument_type(at, path, spec, kinds)?;
        let constraints = spec.constraints.clone().unwrap_or_default();
        let is_list = matches!(ty, ArgumentType::List(..));
        let is_text = matches!(&ty, ArgumentType::Scalar(scalar) if scalar.is_text());
        if !constraints.lengths.is_empty() && !is_text {
            self.report(at.error(
                format!("{path}.constraints.lengths"),
                "lengths apply to string and ID arguments only",
                "remove the constraint or fix the type",
            ));
        }
        if constraints.max_items.is_some() && !is_list {
            self.report(at.error(
                format!("{path}.constraints.max_items"),
                "max_items applies to array arguments only",
                "remove the constraint or make the type an array",
            ));
        }
        if spec.required && spec.default.is_some() {
            self.report(at.error(
                format!("{path}.default"),
                "a required argument has no default",
                "remove \"default\", or make the argument optional",
            ));
        }
        for (key, value) in [("default", &spec.default), ("example", &spec.example)] {
            if let Some(value) = value
                && !value_fits(&ty, value)
            {
                self.report(at.error(
                    format!("{path}.{key}"),
                    format!("`{value}` is not a value of the argument's type"),
                    "write the value as JSON of the argument's type (false, not \"false\")",
                ));
            }
        }
        Some(Argument {
            wire_name: spec.name.clone(),
            ident,
            ty,
            presence: Presence::from_required(spec.required),
            description: spec.description.clone(),
            default: spec.default.clone(),
            example: spec.example.clone(),
            lengths: constraints.lengths,
            max_items: constraints.max_items,
        })
    }

    fn argument_type(
        &mut self,
        at: At<'_>,
        path: &str,
        spec: &ArgumentSpec,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<ArgumentType> {
        let type_path = format!("{path}.type");
        let ty = match (&spec.ty, spec.list_format) {
            (TypeSpec::Array(item), Some(format)) => {
                let item_path = format!("{type_path}.array");
                let scalar = self.scalar(at, &item_path, item, kinds)?;
                // Lists travel as strings (joined or JSON text), and the CLI reads them as such.
                if !scalar.is_text() {
                    self.report(at.error(
                        item_path,
                        "list arguments hold strings or IDs only",
                        "use \"json\" for lists of other values",
                    ));
                    return None;
                }
                ArgumentType::List(scalar, format)
            }
            (TypeSpec::Array(_), None) => {
                self.report(at.error(
                    path,
                    "an array argument needs \"list_format\"",
                    "add \"list_format\": \"comma_separated\" or \"json_array\", as the method expects",
                ));
                return None;
            }
            (other, format) => {
                if format.is_some() {
                    self.report(at.error(
                        format!("{path}.list_format"),
                        "\"list_format\" applies to array arguments only",
                        "remove it, or make the type an array",
                    ));
                }
                ArgumentType::Scalar(self.scalar(at, &type_path, other, kinds)?)
            }
        };
        Some(ty)
    }

    /// The single-value types an argument can have.
    fn scalar(
        &mut self,
        at: At<'_>,
        path: &str,
        ty: &TypeSpec,
        kinds: &BTreeMap<String, (TypeKind, String)>,
    ) -> Option<Scalar> {
        if let Some(scalar) = Scalar::from_spec(ty) {
            return Some(scalar);
        }
        let scalar = match ty {
            TypeSpec::Ref(name) => match self.resolve(at, &format!("{path}.ref"), name, kinds)? {
                (TypeKind::Id | TypeKind::Enum, ident) => Scalar::Id(ident),
                (TypeKind::Object, _) => {
                    self.report(at.error(
                        path,
                        format!("argument of object type `{name}` is not supported"),
                        "use \"json\" for structured arguments",
                    ));
                    return None;
                }
            },
            TypeSpec::Number | TypeSpec::OrEmpty(_) => {
                self.report(at.error(
                    path,
                    "\"number\" and \"or_empty\" describe what Slack sends, not an argument",
                    "type the argument as integer, float, string or an id type",
                ));
                return None;
            }
            _ => {
                self.report(at.error(
                    path,
                    "expected a string, boolean, integer, float, json or id type here",
                    "arguments are lists of single values at most, and never null (use \"required\": false)",
                ));
                return None;
            }
        };
        Some(scalar)
    }
}

/// Whether a JSON default or example is a value of the argument's type.
fn value_fits(ty: &ArgumentType, value: &serde_json::Value) -> bool {
    match ty {
        ArgumentType::Scalar(scalar) => scalar.fits(value),
        ArgumentType::List(scalar, _) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|item| scalar.fits(item))),
    }
}
