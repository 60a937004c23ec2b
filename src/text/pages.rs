//! Page furniture: the running heads, page numbers and form feeds of a text printed on pages.
//!
//! A text laid out on pages (an Internet-Draft, a typescript, a PDF turned
//! into text) repeats lines at every page boundary: a footer with the page
//! number, a header with the title and the date. They are not the document's
//! words. [`find`] finds the page boundaries and those lines:
//!
//! - every form feed is a page boundary;
//! - without form feeds, a line set out by its layout (indented, centred or
//!   right-aligned, or in columns) that comes back at least three times, at
//!   regular intervals of at least [`MIN_PAGE_LINES`] lines, the same but for
//!   a number that goes up by one each time (`[Page 3]`, `- 3 -`,
//!   `d. 98, l. 0103`), is a page number and marks the boundaries (a line of
//!   prose flush left, `Page 3` or `Chapter 3`, never is);
//! - at each boundary, the lines at the edge of the page (the last ones before
//!   it, the first ones after it, up to [`EDGE_LINES`] on each side, from the
//!   boundary outwards with no line of text between) are furniture when they
//!   are a page number by their form (`[Page 3]`, `Page 3 of 9`, `- 3 -`, a
//!   number alone), when the very same line comes back at the same place of
//!   three quarters of the pages, or when it comes back there on two fifths
//!   of them (and at least three) with a number that goes up with the pages;
//!   and furniture is set apart from the page's text by a blank line.
//!
//! A text with none of these has no pages: nothing is dropped. Deciding that a
//! text is plain text at all (and not Markdown) is [`super::layout`]'s job.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Lines at each edge of a page that may be furniture.
const EDGE_LINES: usize = 3;
/// The shortest page a text without form feeds is taken to have, in lines.
const MIN_PAGE_LINES: usize = 20;
/// Furniture is a short line.
const MAX_FURNITURE_CHARS: usize = 120;

/// What a dropped piece of page furniture was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Furniture {
    /// A form feed (U+000C), the page break itself.
    FormFeed,
    /// A line that carries the page number (`Wilde  Expires May 16, 2018  [Page 3]`, `- 3 -`).
    PageNumber,
    /// A running head or foot repeated on every page (`Internet-Draft  Sunset Header  November 2017`).
    RunningHead,
}

impl Furniture {
    /// How the README and `emend show --show-dropped` name it.
    pub fn name(self) -> &'static str {
        match self {
            Furniture::FormFeed => "form feed",
            Furniture::PageNumber => "page number",
            Furniture::RunningHead => "running head",
        }
    }
}

/// A piece of page furniture left out of the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Byte range in the source: a whole line without its line end, or one form feed.
    pub span: Range<usize>,
    /// The line it is on, counting from 1.
    pub line: usize,
    pub what: Furniture,
}

/// The pages of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Pages {
    /// The furniture, in source order.
    pub dropped: Vec<Dropped>,
    /// Where each page boundary inside the text is (a byte offset between the
    /// last line of text of one page and the first line of text of the next).
    pub breaks: Vec<usize>,
}

impl Pages {
    /// The source with every piece of furniture turned into spaces: the same
    /// length and the same line ends, so that offsets into it are offsets into the source.
    pub fn blank(&self, source: &str) -> String {
        let mut bytes = source.as_bytes().to_vec();
        for d in &self.dropped {
            bytes[d.span.clone()].fill(b' ');
        }
        // Whole lines and whole form feeds were replaced: still UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())
    }
}

/// One line of the source.
#[derive(Debug, Clone)]
struct Line {
    /// Byte range without the line end.
    span: Range<usize>,
    /// Where the line's text starts when a form feed opens it, else `span.start`.
    text_start: usize,
    /// A form feed is on this line.
    form_feed: bool,
}

/// The page boundaries and page furniture of `source`, or `None` when it shows no pages.
pub(super) fn find(source: &str) -> Option<Pages> {
    let has_form_feed = memchr::memchr(b'\x0c', source.as_bytes()).is_some();
    // Boundaries: the line of a form feed, or of a page number.
    let folios = if has_form_feed {
        Vec::new()
    } else {
        page_number_lines(source)?
    };
    let lines = lines(source);
    let boundaries = if has_form_feed {
        (0..lines.len()).filter(|&i| lines[i].form_feed).collect()
    } else {
        folios.clone()
    };
    let mut furniture: HashMap<usize, Furniture> = HashMap::default();
    for &f in &folios {
        furniture.insert(f, Furniture::PageNumber);
    }
    let edges = edges(source, &lines, &boundaries, has_form_feed);
    for side in [Side::Before, Side::After] {
        mark_running(source, &lines, &edges, side, &mut furniture);
    }
    let mut dropped = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(&what) = furniture.get(&i) {
            dropped.push(Dropped {
                span: line.span.clone(),
                line: i + 1,
                what,
            });
        } else if line.form_feed {
            for (k, _) in source[line.span.clone()].match_indices('\x0c') {
                let at = line.span.start + k;
                dropped.push(Dropped {
                    span: at..at + 1,
                    line: i + 1,
                    what: Furniture::FormFeed,
                });
            }
        }
    }
    if dropped.is_empty() {
        return None;
    }
    let breaks = boundaries
        .iter()
        .map(|&b| lines[b].span.start)
        .filter(|&at| at > 0)
        .collect();
    Some(Pages { dropped, breaks })
}

fn lines(source: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start <= source.len() {
        let end =
            memchr::memchr(b'\n', &source.as_bytes()[start..]).map_or(source.len(), |n| start + n);
        let text = &source[start..end];
        let form_feed = text.contains('\x0c');
        let text_start = match text.rfind('\x0c') {
            Some(k) if text[..k].trim().is_empty() => start + k + 1,
            _ => start,
        };
        out.push(Line {
            span: start..end,
            text_start,
            form_feed,
        });
        if end == source.len() {
            break;
        }
        start = end + 1;
    }
    out
}

/// The text of a line as furniture is judged: a form feed opening it left out.
fn text_of<'s>(source: &'s str, line: &Line) -> &'s str {
    source[line.text_start..line.span.end].trim()
}

/// A line's shape: spaces collapsed and every run of digits written `#`; and its numbers.
fn shape(text: &str) -> (String, Vec<u64>) {
    let mut out = String::with_capacity(text.len());
    let mut numbers = Vec::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut number: Option<u64> = None;
        for c in word.chars() {
            if c.is_ascii_digit() {
                let d = u64::from(c as u8 - b'0');
                number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(d));
                continue;
            }
            if let Some(n) = number.take() {
                numbers.push(n);
                out.push('#');
            }
            out.push(c);
        }
        if let Some(n) = number {
            numbers.push(n);
            out.push('#');
        }
    }
    (out, numbers)
}

/// Lines of a text without form feeds that number its pages: the longest
/// group of same-shaped lines whose number goes up by one at every step, at
/// regular intervals (see the module's documentation).
fn page_number_lines(source: &str) -> Option<Vec<usize>> {
    let mut groups: HashMap<String, Vec<(usize, Vec<u64>)>> = HashMap::default();
    let columns = memchr::memmem::Finder::new("   ");
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', source.as_bytes()).chain(std::iter::once(source.len()));
    for (i, end) in ends.enumerate() {
        let line = &source[start..end];
        start = end + 1;
        // Set out: indented by two columns or more, or in columns.
        let indented = line.starts_with("  ") || line.starts_with('\t');
        if !indented && columns.find(line.trim_end().as_bytes()).is_none() {
            continue;
        }
        let text = line.trim();
        if text.is_empty()
            || text.len() > MAX_FURNITURE_CHARS
            || !text.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        let (shape, numbers) = shape(text);
        groups.entry(shape).or_default().push((i, numbers));
    }
    let mut best: Option<Vec<usize>> = None;
    for members in groups.values() {
        if members.len() < 3 || best.as_ref().is_some_and(|b| b.len() >= members.len()) {
            continue;
        }
        if counts_pages(members) && regular(members.iter().map(|m| m.0)) {
            best = Some(members.iter().map(|m| m.0).collect());
        }
    }
    best
}

/// Some number of the lines goes up by exactly one from each line to the next.
fn counts_pages(members: &[(usize, Vec<u64>)]) -> bool {
    let width = members[0].1.len();
    (0..width).any(|p| {
        members.windows(2).all(|w| {
            w[0].1
                .get(p)
                .is_some_and(|&a| w[1].1.get(p) == Some(&(a + 1)))
        })
    })
}

/// The lines stand at regular intervals of at least [`MIN_PAGE_LINES`]: every
/// interval within a fifth of the median one.
fn regular(at: impl Iterator<Item = usize>) -> bool {
    let at: Vec<usize> = at.collect();
    let mut gaps: Vec<usize> = at.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    median >= MIN_PAGE_LINES && gaps[0] * 5 >= median * 4 && gaps[gaps.len() - 1] * 4 <= median * 5
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The bottom of the page that ends at the boundary.
    Before,
    /// The top of the page that starts at it.
    After,
}

/// The lines next to one page edge, from the boundary outwards.
struct Edge {
    side: Side,
    lines: Vec<usize>,
    /// The edge is at a page boundary (not the start or the end of the text).
    boundary: bool,
    /// The page the lines are on, counting from 0.
    page: usize,
}

/// The edges of every page: both sides of each boundary, and (in a text with
/// form feeds) the top of the first page and the bottom of the last.
fn edges(source: &str, lines: &[Line], boundaries: &[usize], form_feeds: bool) -> Vec<Edge> {
    let mut edges = Vec::new();
    let walk = |from: isize, step: isize, stop: &dyn Fn(usize) -> bool| {
        let mut out = Vec::new();
        let mut i = from;
        while i >= 0 && (i as usize) < lines.len() && out.len() < EDGE_LINES {
            let k = i as usize;
            if stop(k) {
                break;
            }
            if !text_of(source, &lines[k]).is_empty() {
                out.push(k);
            }
            i += step;
        }
        out
    };
    let is_boundary = |k: usize| boundaries.binary_search(&k).is_ok();
    for (page, &b) in boundaries.iter().enumerate() {
        edges.push(Edge {
            side: Side::Before,
            lines: walk(b as isize - 1, -1, &is_boundary),
            boundary: true,
            page,
        });
        // A form feed opening a line of text: that text is the next page's first line.
        let opens = lines[b].text_start > lines[b].span.start;
        let after_from = if opens && !text_of(source, &lines[b]).is_empty() {
            b
        } else {
            b + 1
        };
        edges.push(Edge {
            side: Side::After,
            lines: walk(after_from as isize, 1, &|k| {
                k != after_from && is_boundary(k)
            }),
            boundary: true,
            page: page + 1,
        });
    }
    if form_feeds {
        edges.push(Edge {
            side: Side::After,
            lines: walk(0, 1, &is_boundary),
            boundary: false,
            page: 0,
        });
        edges.push(Edge {
            side: Side::Before,
            lines: walk(lines.len() as isize - 1, -1, &is_boundary),
            boundary: false,
            page: boundaries.len(),
        });
    }
    edges
}

/// The lines of one shape at one place (side and depth) of the page edges.
#[derive(Default)]
struct Seen {
    /// (page, numbers) of each.
    pages: Vec<(usize, Vec<u64>)>,
}

impl Seen {
    /// Some number of the line is the page's number plus a constant: it numbers the pages.
    fn numbers_pages(&self) -> bool {
        let Some((page0, first)) = self.pages.first() else {
            return false;
        };
        (0..first.len()).any(|p| {
            let offset = first[p] as i128 - *page0 as i128;
            self.pages.iter().all(|(page, n)| {
                n.get(p)
                    .is_some_and(|&v| v as i128 - *page as i128 == offset)
            })
        })
    }
}

/// Marks, at each edge on `side`, the lines from the boundary outwards that
/// are furniture, stopping at the first that is not. A line is furniture when
/// it is a page number by its form; when lines of its shape stand at the same
/// place of at least two fifths of the page breaks (and three), with a number
/// that goes up with the pages (a book's running head on every other page);
/// or when the very same line stands there at three quarters of them (and
/// three; two are enough for a line that looks like a running head: in
/// columns, right at the break). In a text of two pages, where nothing can
/// come back, the line right at the page break that is set out in columns
/// (`Internet-Draft   Sunset Header   May 2018`) is furniture too. And the
/// furniture of an edge is set apart from the page's text by a blank line:
/// a line the text runs into (a paragraph's last line that happens to repeat) is text.
fn mark_running(
    source: &str,
    lines: &[Line],
    edges: &[Edge],
    side: Side,
    furniture: &mut HashMap<usize, Furniture>,
) {
    let edges: Vec<&Edge> = edges.iter().filter(|e| e.side == side).collect();
    let mut shapes: HashMap<(usize, String), Seen> = HashMap::default();
    let mut same: HashMap<(usize, String), usize> = HashMap::default();
    let mut keys: Vec<Vec<(String, String)>> = Vec::with_capacity(edges.len());
    for e in &edges {
        let mut out = Vec::with_capacity(e.lines.len());
        for (depth, &k) in e.lines.iter().enumerate() {
            let text = text_of(source, &lines[k]);
            let (sh, numbers) = shape(text);
            let exact = text.split_whitespace().collect::<Vec<_>>().join(" ");
            shapes
                .entry((depth, sh.clone()))
                .or_default()
                .pages
                .push((e.page, numbers));
            *same.entry((depth, exact.clone())).or_insert(0) += 1;
            out.push((sh, exact));
        }
        keys.push(out);
    }
    // Thresholds count the edges at page breaks that have lines (not the
    // text's start or end, nor the empty side of a last page number).
    let breaks = edges
        .iter()
        .filter(|e| e.boundary && !e.lines.is_empty())
        .count();
    let most = (breaks * 3).div_ceil(4).max(2);
    let many = (breaks * 2).div_ceil(5).max(3);
    let one_break = breaks == 1;
    let blank = |k: Option<usize>| {
        k.and_then(|k| lines.get(k))
            .is_none_or(|l| text_of(source, l).is_empty())
    };
    for (edge, keys) in edges.iter().zip(keys) {
        let mut block: Vec<(usize, Furniture)> = Vec::new();
        for (depth, (&k, (sh, exact))) in edge.lines.iter().zip(keys).enumerate() {
            let text = text_of(source, &lines[k]);
            let numbered = shapes
                .get(&(depth, sh))
                .is_some_and(|s| s.pages.len() >= many && s.numbers_pages());
            // Set out in columns, right at the break: how a running head looks.
            let head_like = edge.boundary && depth == 0 && text.contains("   ");
            let repeated = same
                .get(&(depth, exact))
                .is_some_and(|&n| n >= most && (n >= 3 || head_like));
            let folio = is_page_number(text);
            let lone_head = one_break && head_like;
            if text.chars().count() > MAX_FURNITURE_CHARS
                || !(repeated || numbered || folio || lone_head)
            {
                break;
            }
            let what = if folio || numbered {
                Furniture::PageNumber
            } else {
                Furniture::RunningHead
            };
            block.push((k, what));
        }
        // Furniture is set apart from the page's text by a blank line.
        let towards_text = |k: usize| match side {
            Side::Before => k.checked_sub(1),
            Side::After => Some(k + 1),
        };
        while block.last().is_some_and(|&(k, _)| !blank(towards_text(k))) {
            block.pop();
        }
        for (k, what) in block {
            furniture.entry(k).or_insert(what);
        }
    }
}

/// A line that is a page number by its form: `[Page 3]`, `Page 3`, `Page 3 of 9`
/// or `page iv` at its end (after two spaces, or alone), or alone `- 3 -`, `– 3 –`, `3`.
fn is_page_number(text: &str) -> bool {
    let text = text.trim();
    let alone = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if alone(text) {
        return true;
    }
    for dash in ['-', '–', '—'] {
        if let Some(inner) = text
            .strip_prefix(dash)
            .and_then(|t| t.strip_suffix(dash))
            .map(str::trim)
            && alone(inner)
        {
            return true;
        }
    }
    // The last field of the line: after a run of two or more spaces, or the whole line.
    let field = text.rsplit("  ").next().unwrap_or(text).trim();
    let field = field
        .strip_prefix('[')
        .and_then(|f| f.strip_suffix(']'))
        .unwrap_or(field);
    let mut words = field.split_whitespace();
    let (Some(page), Some(number)) = (words.next(), words.next()) else {
        return false;
    };
    let numeral = |s: &str| {
        alone(s) || (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b"ivxlc".contains(&b)))
    };
    if !page.eq_ignore_ascii_case("page") || !numeral(number) {
        return false;
    }
    match (words.next(), words.next(), words.next()) {
        (None, _, _) => true,
        (Some("of"), Some(total), None) => alone(total),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dropped_text(source: &str) -> Vec<(&str, Furniture)> {
        find(source)
            .map(|p| {
                p.dropped
                    .iter()
                    .map(|d| (&source[d.span.clone()], d.what))
                    .collect()
            })
            .unwrap_or_default()
    }

    const WORDS: [&str; 7] = ["alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega"];

    /// An IETF-style text of `pages` pages of 56 lines, each with `body` lines of text.
    fn ietf(pages: usize, form_feeds: bool) -> String {
        let mut out = String::new();
        for p in 1..=pages {
            let mut page = Vec::new();
            if p > 1 {
                page.push(
                    "Internet-Draft                Sunset Header                November 2017"
                        .to_string(),
                );
                page.push(String::new());
                page.push(String::new());
            }
            while page.len() < 50 {
                // Lines of text that differ in their words, as real text does.
                let n = page.len() + 50 * p;
                let w = |k: usize| WORDS[n / k % 7];
                page.push(format!("   {} {} {} runs on", w(1), w(7), w(49)));
            }
            page.push(String::new());
            page.push(String::new());
            page.push(format!(
                "Wilde                     Expires May 16, 2018                  [Page {p}]"
            ));
            out.push_str(&page.join("\n"));
            out.push('\n');
            if p < pages {
                out.push_str(if form_feeds { "\x0c\n" } else { "\n" });
            }
        }
        out
    }

    #[test]
    fn shapes_hide_digits_and_collapse_spaces() {
        assert_eq!(
            shape("Wilde   Expires May 16, 2018   [Page 12]"),
            (
                "Wilde Expires May #, # [Page #]".to_string(),
                vec![16, 2018, 12]
            )
        );
        assert_eq!(shape("- 3 -").0, "- # -");
        assert_eq!(shape("l. 0103").1, vec![103]);
    }

    #[test]
    fn page_numbers_by_their_form() {
        for yes in [
            "Wilde   Expires May 16, 2018   [Page 1]",
            "[Page 12]",
            "Page 3 of 9",
            "- 2 -",
            "— 14 —",
            "12",
            "Report to the Board      page iv",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "Internet-Draft  Sunset Header  November 2017",
            "This page 3 is cited",
            "See page 4 of the report.",
            "12345",
            "- item -",
            "Page",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn ietf_pages_with_form_feeds() {
        let text = ietf(4, true);
        let d = dropped_text(&text);
        let numbers = d
            .iter()
            .filter(|(_, w)| *w == Furniture::PageNumber)
            .count();
        let heads = d
            .iter()
            .filter(|(_, w)| *w == Furniture::RunningHead)
            .count();
        let feeds = d.iter().filter(|(_, w)| *w == Furniture::FormFeed).count();
        assert_eq!((numbers, heads, feeds), (4, 3, 3), "{d:?}");
        assert!(d.iter().all(|(t, _)| !t.contains("runs on")));
        assert_eq!(find(&text).map(|p| p.breaks.len()), Some(3));
    }

    #[test]
    fn two_pages_lose_their_header_too() {
        let text = ietf(2, true);
        let d = dropped_text(&text);
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(
            d.iter()
                .any(|(t, w)| t.starts_with("Internet-Draft") && *w == Furniture::RunningHead)
        );
        // The top of the first page is not a page break.
        let text = format!("Network Working Group          E. Wilde\n\n{text}");
        assert_eq!(dropped_text(&text).len(), 4);
    }

    #[test]
    fn ietf_pages_without_form_feeds() {
        let text = ietf(4, false);
        let d = dropped_text(&text);
        assert_eq!(d.len(), 7, "{d:?}");
        assert!(
            d.iter()
                .all(|(t, _)| t.contains("[Page") || t.contains("Internet-Draft"))
        );
    }

    #[test]
    fn a_heading_counted_at_irregular_intervals_is_not_a_page() {
        // Chapters 1, 2, 3 of unequal length: numbered like pages, but not regular.
        let mut text = String::new();
        for (n, len) in [(1, 30), (2, 12), (3, 45), (4, 25)] {
            text.push_str(&format!("                Chapter {n}\n\n"));
            for l in 0..len {
                text.push_str(&format!("Verse {l} of the chapter.\n"));
            }
            text.push('\n');
        }
        assert_eq!(find(&text), None);
    }

    #[test]
    fn short_intervals_are_not_pages() {
        let text: String = (1..=20)
            .map(|n| format!("Verse {n}\nA line.\nAnother.\n\n"))
            .collect();
        assert_eq!(find(&text), None);
    }

    #[test]
    fn prose_flush_left_is_never_a_page_number() {
        let text: String = (1..=5)
            .map(|n| format!("Verse {n}\n{}\n", "A line.\n".repeat(22)))
            .collect();
        assert_eq!(find(&text), None);
    }

    #[test]
    fn a_text_without_pages_has_none() {
        assert_eq!(find("One paragraph.\n\nAnother, with 2 numbers 3.\n"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn a_lone_form_feed_is_a_break_with_nothing_else_dropped() {
        let text = "The text runs on to\n\x0c\nthe next page.\n";
        let p = find(text).expect("a page break");
        assert_eq!(p.dropped.len(), 1);
        assert_eq!(p.dropped[0].what, Furniture::FormFeed);
        assert_eq!(p.breaks, vec![20]);
        let blank = p.blank(text);
        assert_eq!(blank.len(), text.len());
        assert!(!blank.contains('\x0c'));
    }
}
