//! The docs tooling (`spec-curate`): reading Slack's doc pages in their old layouts and today's
//! twins, drafting specs from them and linting specs against them, on pages of our own. One
//! test binary; one module per concern.

mod pages;
mod prop_pages;
mod today;
