//! Texts the unit tests share: the bundled Book of Ruth.

/// The bundled King James Ruth (`translations/ruth/kjv.md`): a `#` title, then
/// `## N` chapters of `N. verse` paragraphs.
pub(crate) const RUTH_KJV: &str = include_str!("../translations/ruth/kjv.md");

/// The verses of a text laid out as the bundled Bibles are, without headings
/// or numbers.
pub(crate) fn verses(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once(". ").map_or(l, |(_, v)| v))
        .collect()
}

/// Such a text up to its second chapter: the title, `## 1` and its verses.
pub(crate) fn first_chapter(text: &str) -> &str {
    text.split("\n## 2\n").next().unwrap_or(text)
}
