//! Rate limits beyond the tier: a special limit in figures, and the stricter limit of apps
//! commercially distributed outside the Slack Marketplace.

use super::*;

impl Context {
    /// A special limit in figures: only beside a `"special"` rate limit, at least one call a
    /// minute, kept per a string argument of the method.
    pub(super) fn special_limit(
        &mut self,
        at: At<'_>,
        spec: &MethodSpec,
        arguments: &[model::Argument],
    ) -> Option<(u32, Option<String>)> {
        let limit = spec.special_limit.as_ref()?;
        if !matches!(spec.rate_limit, crate::spec::RateLimit::Special(_)) {
            self.report(at.error(
                "$.special_limit",
                "figures for a special limit, but the rate limit is not `special`",
                "remove `special_limit`, or make the rate limit {\"special\": \"...\"}",
            ));
        }
        if limit.calls_per_minute == 0 {
            self.report(at.error(
                "$.special_limit.calls_per_minute",
                "expected at least 1",
                "give the sustained calls a minute Slack allows",
            ));
        }
        if let Some(name) = &limit.per_argument {
            let usable = arguments.iter().any(|argument| {
                argument.wire_name == *name
                    && matches!(
                        argument.ty,
                        model::ArgumentType::Scalar(model::Scalar::String | model::Scalar::Id(_))
                    )
            });
            if !usable {
                self.report(at.error(
                    "$.special_limit.per_argument",
                    format!("`{name}` is not a string or ID argument of the method"),
                    "name the argument whose every value Slack counts apart (`channel`)",
                ));
            }
        }
        Some((limit.calls_per_minute, limit.per_argument.clone()))
    }

    /// The limit for apps outside the Slack Marketplace: a pace, and a page size that only a
    /// paged method with a page-size argument can keep.
    pub(super) fn unlisted_app_limit(
        &mut self,
        at: At<'_>,
        spec: &MethodSpec,
    ) -> Option<(u32, Option<u32>)> {
        let limit = spec.unlisted_app_limit.as_ref()?;
        if limit.calls_per_minute == 0 {
            self.report(at.error(
                "$.unlisted_app_limit.calls_per_minute",
                "expected at least 1",
                "give the sustained calls a minute Slack allows such apps",
            ));
        }
        let has_page_size = spec
            .pagination
            .as_ref()
            .is_some_and(|paging| paging.limit.is_some());
        if limit.max_page_size.is_some() && !has_page_size {
            self.report(at.error(
                "$.unlisted_app_limit.max_page_size",
                "a page size, but `pagination` names no page-size argument",
                "add `\"limit\"` to `pagination`, or leave `max_page_size` out",
            ));
        }
        if limit.max_page_size == Some(0) {
            self.report(at.error(
                "$.unlisted_app_limit.max_page_size",
                "expected at least 1",
                "give the most items a page may ask for",
            ));
        }
        Some((limit.calls_per_minute, limit.max_page_size))
    }
}
