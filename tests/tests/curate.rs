//! Reading Slack's doc pages, drafting specs and linting them against the pages: old layouts and
//! today's, and any text or bytes in their place.
//!
//! One test binary for what were several: each is one more link in a cold CI run. (A test
//! binary's root is like a `mod.rs`, so its modules' files are named with `path`.)

#[path = "curate/curate_pages.rs"]
mod curate_pages;
#[path = "curate/curate_today.rs"]
mod curate_today;
#[path = "curate/prop_curate_pages.rs"]
mod prop_curate_pages;
