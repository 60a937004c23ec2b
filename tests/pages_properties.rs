//! Properties of the reading of paginated plain text.

use emend::text::{Document, Furniture, ReadOptions, segment, segment_with};
use proptest::prelude::*;

const WIDTH: usize = 64;
const WORDS: [&str; 12] = [
    "the",
    "resource",
    "header",
    "field",
    "sunset",
    "client",
    "may",
    "become",
    "unavailable",
    "at",
    "time",
    "specification",
];

/// A section: a title (numbered or not) and paragraphs of one sentence each.
#[derive(Debug, Clone)]
struct Section {
    number: Option<u8>,
    paragraphs: Vec<Vec<usize>>,
}

fn section() -> impl Strategy<Value = Section> {
    (
        proptest::option::of(1u8..30),
        proptest::collection::vec(proptest::collection::vec(0..WORDS.len(), 3..70), 1..5),
    )
        .prop_map(|(number, paragraphs)| Section { number, paragraphs })
}

/// Greedy wrapping at [`WIDTH`], each line indented three spaces.
fn wrap(words: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && line.len() + 1 + w.len() > WIDTH {
            lines.push(format!("   {line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    lines.push(format!("   {line}"));
    lines
}

fn letter(k: usize) -> char {
    char::from(b'A' + (k % 26) as u8)
}

/// The document laid out as lines: titles flush left, paragraphs indented.
fn layout(sections: &[Section]) -> Vec<String> {
    let mut lines = Vec::new();
    for (k, s) in sections.iter().enumerate() {
        lines.push(match s.number {
            Some(n) => format!("{n}.  Section Title {}", letter(k)),
            None => format!("Unnumbered Title {}", letter(k)),
        });
        for p in &s.paragraphs {
            lines.push(String::new());
            let mut words: Vec<String> = p.iter().map(|&i| WORDS[i].to_string()).collect();
            // One sentence: a capital first, a full stop last.
            words[0] = format!("{}{}", words[0][..1].to_uppercase(), &words[0][1..]);
            if let Some(last) = words.last_mut() {
                last.push('.');
            }
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            lines.extend(wrap(&refs));
        }
        lines.push(String::new());
    }
    lines
}

/// The lines set on pages of `size` lines of text, with a footer carrying the
/// page number, a running header from page 2, and form feeds or not.
fn paginate(lines: &[String], size: usize, form_feeds: bool) -> String {
    let mut pages: Vec<Vec<&str>> = vec![Vec::new()];
    for line in lines {
        let page = pages.last_mut().expect("a page");
        if page.is_empty() && line.is_empty() {
            continue;
        }
        page.push(line);
        if page.len() == size {
            pages.push(Vec::new());
        }
    }
    let mut out = String::new();
    let count = pages.len();
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            out.push_str("Draft                      The Header                   May 2020\n\n");
        }
        for line in page {
            out.push_str(line);
            out.push('\n');
        }
        for _ in page.len()..size {
            out.push('\n');
        }
        out.push_str(&format!(
            "\nAuthor                  Expires November 2020               [Page {}]\n",
            n + 1
        ));
        if n + 1 < count && form_feeds {
            out.push('\u{c}');
            out.push('\n');
        }
    }
    out
}

fn reading(doc: &Document) -> Vec<(String, String)> {
    doc.segments
        .iter()
        .map(|s| (s.key.to_string(), s.text.to_string()))
        .collect()
}

proptest! {
    // About one text in ten has too few pages and is skipped: room for that
    // at any PROPTEST_CASES (the default 1,024 skips ran out near 10,000).
    #![proptest_config(ProptestConfig {
        max_global_rejects: 1 << 20,
        ..ProptestConfig::with_cases(200)
    })]

    /// Setting a laid-out text on pages changes nothing in its reading: every
    /// header and footer is dropped, and every paragraph cut by a page is whole.
    #[test]
    fn pages_change_nothing_in_the_reading(
        sections in proptest::collection::vec(section(), 3..8),
        size in 20usize..34,
        form_feeds in any::<bool>(),
    ) {
        let lines = layout(&sections);
        let plain = segment(&(lines.join("\n") + "\n"));
        let paged_text = paginate(&lines, size, form_feeds);
        let pages = paged_text.matches("[Page ").count();
        // Without form feeds, pages are known from three page numbers on.
        prop_assume!(pages >= 3 || (form_feeds && pages == 2));
        let paged = segment(&paged_text);
        prop_assert_eq!(reading(&paged), reading(&plain));
        let numbers = paged.dropped.iter().filter(|d| d.what == Furniture::PageNumber).count();
        let heads = paged.dropped.iter().filter(|d| d.what == Furniture::RunningHead).count();
        prop_assert_eq!((numbers, heads), (pages, pages - 1));
        // Kept, the furniture is text: one paragraph per header and footer.
        let kept = segment_with(&paged_text, ReadOptions { keep_pages: true });
        prop_assert!(kept.dropped.is_empty());
        let furniture = kept
            .segments
            .iter()
            .filter(|s| s.text.contains("[Page ") || s.text.starts_with("Draft The Header"))
            .count();
        prop_assert_eq!(furniture, 2 * pages - 1);
    }

    /// On any text, dropped furniture is whole lines (or single form feeds)
    /// outside every segment's text, and spans stay inside the source.
    #[test]
    fn dropped_pieces_are_whole_lines(lines in proptest::collection::vec(prop_oneof![
        Just(String::new()),
        Just("\u{c}".to_string()),
        Just("   text that runs on and on".to_string()),
        Just("Title".to_string()),
        Just("1.  Numbered".to_string()),
        Just("Name          Expires 2020          [Page 1]".to_string()),
        Just("Name          Expires 2020          [Page 2]".to_string()),
        Just("Head   Title   2020".to_string()),
        Just("                - 3 -".to_string()),
        Just("12".to_string()),
        "[ a-z0-9.]{0,30}",
    ], 0..80)) {
        let text = lines.join("\n");
        let doc = segment(&text);
        for d in &doc.dropped {
            prop_assert!(d.span.end <= text.len());
            let piece = &text[d.span.clone()];
            if d.what == Furniture::FormFeed {
                prop_assert_eq!(piece, "\u{c}");
            } else {
                let starts_line = d.span.start == 0 || text.as_bytes()[d.span.start - 1] == b'\n';
                let ends_line = d.span.end == text.len() || text.as_bytes()[d.span.end] == b'\n';
                prop_assert!(starts_line && ends_line, "{:?}", piece);
            }
        }
        for s in &doc.segments {
            prop_assert!(s.span.end <= text.len());
        }
    }
}
