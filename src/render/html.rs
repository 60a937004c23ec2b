//! Self-contained HTML pages: side-by-side diffs and clean text.
