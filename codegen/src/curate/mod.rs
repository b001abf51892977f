//! Curation tools: draft a spec from a doc page, and lint a spec against its page.
