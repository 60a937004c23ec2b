//! Reading back a review done in Word: what the editor decided for each row
//! of a tracked-changes document that `emend proposals --docx` wrote.
//!
//! # API
//!
//! ```text
//! read_review(bytes, name, limit, &WrittenFrom { current, proposed, rows, title })
//!     -> Result<Vec<RowVerdict>, ReviewFileError>
//! ```
//!
//! - `bytes`: the .docx the editor returned; `name` names it in errors;
//!   `limit` is the input size limit ([`super::DEFAULT_INPUT_LIMIT`]).
//! - `current`, `proposed`, `rows`: the two versions and the rows of their
//!   diff exactly as given to [`super::tracked_docx`] when the document was
//!   written (for a proposal: its base and its text, compared in
//!   same-language mode). The rows are found again by the bookmarks that
//!   enclose them, named after their position in `rows` and their key.
//! - `title`: the title a document written for this proposal at its tip now
//!   has ([`proposal_title`]: the proposal's name, version and document, and
//!   its tip). A document whose title names another proposal is refused
//!   ([`ReviewFileError::OtherProposal`]), and so is one written from another
//!   tip ([`ReviewFileError::Moved`]): its rows may not be the proposal's rows
//!   any more. A title that is not one emend wrote is not checked.
//!
//! The document must fit the rows: every `emend_` bookmark in it must name a
//! row of `rows` by its position and key, and there must be at least one
//! ([`ReviewFileError::Misfit`], [`ReviewFileError::NoRows`]).
//!
//! The result has one [`RowVerdict`] per row, in order. A row's text is the
//! text of the paragraphs between its bookmark's start and end, compared
//! with each side's text as the document wrote it (point labels included,
//! spaces collapsed, a heading only as a heading):
//!
//! - [`RowVerdict::Undecided`]: the row still holds tracked changes (any
//!   insertion, deletion, move or changed paragraph mark, by anyone);
//! - [`RowVerdict::Accepted`]: its text equals the proposed text;
//! - [`RowVerdict::Rejected`]: it equals the current text;
//! - [`RowVerdict::Edited`]: anything else: the editor's paragraphs (inline
//!   Markdown, labels included). An editor who accepted some changes of a row
//!   and rejected others has edited it.
//! - [`RowVerdict::Lost`]: its bookmark is gone, or holds no text (Word
//!   drops a bookmark whose text was deleted entirely; LibreOffice leaves it
//!   in an empty paragraph). Where one side of the row is empty (an added
//!   paragraph rejected, a removed one accepted) that is the side taken, and
//!   a moved row whose old text stands again in paragraphs of no row (the
//!   move rejected) is rejected; otherwise the row cannot be read and is lost.
//!
//! A row's range runs from the first start to the last end of the bookmarks
//! with its name: LibreOffice may cut one in two where it brings a paragraph
//! mark back.
//!
//! Unchanged rows are read too: an unchanged row left alone is `Accepted`
//! (its proposed and current texts are the same), one the editor typed into
//! is `Edited`.

use std::collections::HashMap;

use super::body::{Block, Item, Para};
use super::markdown;
use super::write::tracked::{BOOKMARK_PREFIX, bookmark_name, segment_text};
use super::xml::{Node, walk};
use super::{DocxError, container, load};
use crate::diff::RowDiff;
use crate::text::{Document, Kind};

/// Digits of the proposal tip written in a document's title.
const TIP_DIGITS: usize = 12;

/// What the editor did with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowVerdict {
    Accepted,
    Rejected,
    /// The editor's text for the row, one entry per paragraph.
    Edited(Vec<Paragraph>),
    /// The row still holds tracked changes.
    Undecided,
    /// The row's bookmark is gone, and neither side of the row is empty.
    Lost,
}

/// One paragraph of an edited row as the editor left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Its text as inline Markdown (`**bold**`), a point label as written in it.
    pub text: String,
    /// Its heading level, when it is in a heading style.
    pub heading: Option<u8>,
}

/// What a tracked-changes document was written from.
#[derive(Debug, Clone, Copy)]
pub struct WrittenFrom<'a> {
    /// A's text (for a proposal: its base).
    pub current: &'a Document,
    /// B's text (the proposal).
    pub proposed: &'a Document,
    /// The rows of the diff A → B, as the document was written from them.
    pub rows: &'a [RowDiff],
    /// The title the document has when it was written for this proposal at
    /// its tip now ([`proposal_title`]), to check its title against.
    pub title: Option<&'a str>,
}

/// Why a returned document cannot be read as a review of the proposal.
#[derive(Debug, thiserror::Error)]
pub enum ReviewFileError {
    #[error(transparent)]
    Docx(#[from] DocxError),
    /// No paragraph is marked as a row.
    #[error(
        "{name}: no paragraph of it is marked as a row of a proposal (it holds no emend_ bookmarks)"
    )]
    NoRows { name: String },
    /// A bookmark names a row the proposal does not have.
    #[error(
        "{name}: its bookmark {bookmark} is not a row of the proposal as it is now ({expected})"
    )]
    Misfit {
        name: String,
        bookmark: String,
        /// What the proposal's row of that number is called, or that there is none.
        expected: String,
    },
    /// The document was written from another tip of the proposal.
    #[error("{name}: written from the proposal at {written}, but the proposal is at {now} now")]
    Moved {
        name: String,
        written: String,
        now: String,
    },
    /// The document was written for another proposal.
    #[error("{name}: written for {written}, not for {expected}")]
    OtherProposal {
        name: String,
        written: String,
        expected: String,
    },
}

/// The title `emend proposals --docx` gives a proposal's document: its
/// name, version and document, and the tip it was written from (read back by
/// [`read_review`]).
pub fn proposal_title(name: &str, version: &str, doc: &str, tip: &str) -> String {
    let short = tip.get(..TIP_DIGITS).unwrap_or(tip);
    format!("{name}: {version} in {doc} (proposal at {short})")
}

/// What a title made by [`proposal_title`] names: the proposal (name,
/// version and document) and the tip.
fn parse_title(title: &str) -> Option<(&str, &str)> {
    let at = title.rfind(" (proposal at ")?;
    let tip = title[at + " (proposal at ".len()..].strip_suffix(')')?;
    (tip.len() >= 7 && tip.chars().all(|c| c.is_ascii_hexdigit())).then_some((&title[..at], tip))
}

/// The document's title (`dc:title` in its core properties), if it has one.
fn title(bytes: &[u8], name: &str, limit: u64) -> Result<Option<String>, DocxError> {
    let mut zip = container::Package::open(bytes, name, limit)?;
    let rels = zip
        .part("_rels/.rels")?
        .map(|r| super::xml::relationships(&r))
        .unwrap_or_default();
    let path = rels
        .iter()
        .find(|(kind, _, _)| kind.ends_with("/core-properties"))
        .map_or("docProps/core.xml".to_string(), |(_, _, target)| {
            target.trim_start_matches('/').to_string()
        });
    let Some(xml) = zip.part(&path)? else {
        return Ok(None);
    };
    let mut inside = false;
    let mut out = String::new();
    walk(&xml, name, &path, |node| {
        match node {
            Node::Open { name: "title", .. } => inside = true,
            Node::Close { name: "title", .. } => inside = false,
            Node::Text(t) if inside => out.push_str(t),
            _ => {}
        }
        Ok(())
    })?;
    Ok(Some(out).filter(|t| !t.trim().is_empty()))
}

/// Where a row's bookmark starts and ends: (paragraph, item) of each end.
#[derive(Debug, Default, Clone, Copy)]
struct Range {
    start: Option<(usize, usize)>,
    end: Option<(usize, usize)>,
}

/// The key the document names row `r` by (as the writer chose it).
fn row_key(from: &WrittenFrom<'_>, r: usize) -> String {
    let row = &from.rows[r];
    row.b
        .first()
        .map(|&i| &from.proposed.segments[i].key)
        .or_else(|| row.a.first().map(|&i| &from.current.segments[i].key))
        .map(|k| k.to_string())
        .unwrap_or_default()
}

/// A side of a row as the document wrote it: each paragraph's text, spaces
/// collapsed, and whether it is a heading.
fn side(doc: &Document, idx: &[usize]) -> Vec<(String, bool)> {
    idx.iter()
        .map(|&i| {
            let seg = &doc.segments[i];
            (collapse(&segment_text(seg)), seg.kind == Kind::Heading)
        })
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The decision for every row in the returned document `bytes` (see the module documentation).
pub fn read_review(
    bytes: &[u8],
    name: &str,
    limit: u64,
    from: &WrittenFrom<'_>,
) -> Result<Vec<RowVerdict>, ReviewFileError> {
    if let Some((expected, now)) = from.title.and_then(parse_title)
        && let Some(title) = title(bytes, name, limit)?
        && let Some((written, tip)) = parse_title(&title)
    {
        if written != expected {
            return Err(ReviewFileError::OtherProposal {
                name: name.to_string(),
                written: written.to_string(),
                expected: expected.to_string(),
            });
        }
        if !now.starts_with(&tip.to_ascii_lowercase()) {
            return Err(ReviewFileError::Moved {
                name: name.to_string(),
                written: tip.to_string(),
                now: now.to_string(),
            });
        }
    }
    let package = load(bytes, name, limit)?;
    let paras: Vec<&Para> = package
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    // Bookmark id → row, then each row's range.
    let mut row_of_id: HashMap<&str, usize> = HashMap::new();
    let mut ranges: HashMap<usize, Range> = HashMap::new();
    for (pi, p) in paras.iter().enumerate() {
        for (ii, item) in p.items.iter().enumerate() {
            match item {
                Item::BookmarkStart { id, name: bookmark }
                    if bookmark.starts_with(BOOKMARK_PREFIX) =>
                {
                    let row = row_number(bookmark).filter(|&r| r < from.rows.len());
                    let expected = row.map(|r| bookmark_name(r, &row_key(from, r)));
                    let Some(row) = row.filter(|_| expected.as_deref() == Some(bookmark.as_str()))
                    else {
                        return Err(ReviewFileError::Misfit {
                            name: name.to_string(),
                            bookmark: bookmark.clone(),
                            expected: match expected {
                                Some(e) => format!("its row {} is {e}", row.unwrap_or_default()),
                                None => format!("it has {} rows", from.rows.len()),
                            },
                        });
                    };
                    row_of_id.insert(id, row);
                    // LibreOffice may cut a row's bookmark in two (one with
                    // no end) where a paragraph mark comes back: the row runs
                    // from the first start to the last end of its bookmarks.
                    let range = ranges.entry(row).or_default();
                    range.start = range.start.min(Some((pi, ii))).or(Some((pi, ii)));
                }
                Item::BookmarkEnd { id } => {
                    if let Some(&row) = row_of_id.get(id.as_str()) {
                        let range = ranges.entry(row).or_default();
                        range.end = range.end.max(Some((pi, ii)));
                    }
                }
                _ => {}
            }
        }
    }
    if row_of_id.is_empty() {
        return Err(ReviewFileError::NoRows {
            name: name.to_string(),
        });
    }
    let context = markdown::Context {
        styles: &package.styles,
        numbering: &package.numbering,
    };
    let read = |p: &Para| paragraph(p, &package.styles, &context);
    let texts = |written: &[Paragraph]| -> Vec<(String, bool)> {
        written
            .iter()
            .map(|p| (collapse(&p.text), p.heading.is_some()))
            .collect()
    };
    let chosen_of = |r: usize| -> Option<(usize, usize)> {
        let range = ranges.get(&r).copied().unwrap_or_default();
        match (range.start, range.end) {
            (Some((s, si)), Some((e, ei)))
                if s <= e && (s != e || has_text_between(paras[s], si, ei)) =>
            {
                Some((s, e))
            }
            _ => None,
        }
    };
    // Paragraphs in no row: where a moved row's old text stands again when
    // the move is rejected (the paragraphs of `w:moveFrom` have no bookmark).
    let mut in_row = vec![false; paras.len()];
    for r in 0..from.rows.len() {
        if let Some((s, e)) = chosen_of(r) {
            in_row[s..=e].iter_mut().for_each(|x| *x = true);
        }
    }
    let mut verdicts = Vec::with_capacity(from.rows.len());
    for (r, row) in from.rows.iter().enumerate() {
        let Some((s, e)) = chosen_of(r) else {
            let current = side(from.current, &row.a);
            let moved_back = row.moved
                && (0..paras.len()).any(|k| {
                    let run = k..(k + row.a.len()).min(paras.len());
                    let free = run.clone().all(|j| !in_row[j] && !paras[j].has_changes());
                    free && texts(&run.filter_map(|j| read(paras[j])).collect::<Vec<_>>())
                        == current
                });
            verdicts.push(if row.b.is_empty() {
                RowVerdict::Accepted
            } else if row.a.is_empty() || moved_back {
                RowVerdict::Rejected
            } else {
                RowVerdict::Lost
            });
            continue;
        };
        let chosen = &paras[s..=e];
        if chosen.iter().any(|p| p.has_changes()) {
            verdicts.push(RowVerdict::Undecided);
            continue;
        }
        let written: Vec<Paragraph> = chosen.iter().filter_map(|p| read(p)).collect();
        let found = texts(&written);
        verdicts.push(if found == side(from.proposed, &row.b) {
            RowVerdict::Accepted
        } else if found == side(from.current, &row.a) {
            RowVerdict::Rejected
        } else {
            RowVerdict::Edited(written)
        });
    }
    Ok(verdicts)
}

/// A paragraph's text as inline Markdown, and its heading level; `None` when it is empty.
fn paragraph(
    p: &Para,
    styles: &super::styles::Styles,
    context: &markdown::Context<'_>,
) -> Option<Paragraph> {
    let md = markdown::render(&[Block::Para(p.clone())], &HashMap::new(), context);
    let md = md.trim();
    if md.is_empty() {
        return None;
    }
    let heading = match p.props.outline {
        Some(o) if o < 9 => Some(o + 1),
        Some(_) => None,
        None => styles.heading_level(p.props.style.as_deref()),
    };
    let text = match heading {
        // The heading's marks, as the reader writes them.
        Some(_) => md.split_once(' ').map_or("", |(_, t)| t),
        // A plain paragraph's `#` is escaped so that it is not read as a heading.
        None => md
            .strip_prefix('\\')
            .filter(|t| t.starts_with('#'))
            .unwrap_or(md),
    };
    Some(Paragraph {
        text: text.to_string(),
        heading: heading.map(|h| h.min(6)),
    })
}

/// `emend_12_2_3` → 12.
fn row_number(name: &str) -> Option<usize> {
    let rest = name.strip_prefix(BOOKMARK_PREFIX)?;
    rest.split('_').next()?.parse().ok()
}

/// True when the paragraph holds text between its items `from` and `to`.
fn has_text_between(p: &Para, from: usize, to: usize) -> bool {
    p.items.iter().take(to).skip(from + 1).any(|i| match i {
        Item::Text { text, .. } => !text.trim().is_empty(),
        Item::Note { .. } => true,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;
    use crate::diff::{CompareOptions, compare};
    use crate::docx::{ChangeAuthor, tracked_docx};
    use crate::text::segment;

    const CURRENT: &str = "# Terms\n\n1. Payment is due within thirty days.\n\n2. Notices are given by fax.\n\n3. The law of England applies.\n\n4. Disputes go to the courts of London.\n\n5. This is the end.\n";
    const PROPOSED: &str = "# Terms\n\n1. Payment is due within sixty days.\n\n2. Notices are given in writing.\n\n3. The law of Scotland applies.\n\n4. Disputes go to arbitration in Edinburgh.\n\n5. This is the end.\n\n6. A new clause.\n";

    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data)
            })
            .collect()
    }

    fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in parts {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// Removes every element `<tag ...>...</tag>` (not nested in itself) from `xml`.
    fn drop_elements(xml: &str, tag: &str) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(i) = rest.find(&format!("<{tag} ")) {
            out.push_str(&rest[..i]);
            let close = format!("</{tag}>");
            let end = rest[i..].find(&close).unwrap() + i + close.len();
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Removes the start and end tags of every `<tag ...>` element, keeping its content.
    fn unwrap_elements(xml: &str, tag: &str) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(i) = rest.find(&format!("<{tag} ")) {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('>').unwrap() + i + 1;
            rest = &rest[end..];
        }
        out.push_str(rest);
        out.replace(&format!("</{tag}>"), "")
    }

    /// What Word does on Accept for the changes in `p`: insertions stay, deletions go.
    fn accept(p: &str) -> String {
        unwrap_elements(&drop_elements(p, "w:del"), "w:ins")
    }

    /// What Word does on Reject: insertions go, deletions come back as text.
    fn reject(p: &str) -> String {
        unwrap_elements(&drop_elements(p, "w:ins"), "w:del")
            .replace("<w:delText", "<w:t")
            .replace("</w:delText>", "</w:t>")
    }

    /// The tracked-changes document of CURRENT → PROPOSED, titled `title`,
    /// with each row's paragraph edited as `edit` says.
    fn returned(title: &str, edit: impl Fn(usize, &str) -> Option<String>) -> Vec<u8> {
        let (current, proposed) = (segment(CURRENT), segment(PROPOSED));
        let cmp = compare(&current, &proposed, &CompareOptions::default());
        let who = ChangeAuthor {
            name: "Tanya Translator".into(),
            date: "2026-11-28T09:00:00Z".into(),
        };
        let written = tracked_docx(&current, &proposed, &cmp, &who, title, Some("en"));
        let mut parts = parts(&written.bytes);
        for (name, data) in parts.iter_mut() {
            if name != "word/document.xml" {
                continue;
            }
            let xml = String::from_utf8(data.clone()).unwrap();
            // One paragraph per row here; each is edited as the editor chooses.
            let (head, body) = xml.split_once("<w:body>").unwrap();
            let (body, tail) = body.split_once("<w:sectPr>").unwrap();
            let mut out = format!("{head}<w:body>");
            for (n, para) in body.split("<w:p>").enumerate().skip(1) {
                let para = format!("<w:p>{para}");
                let row = n - 1;
                out.push_str(&edit(row, &para).unwrap_or(para));
            }
            out.push_str("<w:sectPr>");
            out.push_str(tail);
            *data = out.into_bytes();
        }
        rezip(&parts)
    }

    /// Reads `bytes` as a review of CURRENT → `proposed`, written with `title`.
    fn read(
        bytes: &[u8],
        proposed: &str,
        title: Option<&str>,
    ) -> Result<Vec<RowVerdict>, ReviewFileError> {
        let (current, proposed) = (segment(CURRENT), segment(proposed));
        let cmp = compare(&current, &proposed, &CompareOptions::default());
        let from = WrittenFrom {
            current: &current,
            proposed: &proposed,
            rows: &cmp.rows,
            title,
        };
        read_review(bytes, "returned.docx", 1 << 30, &from)
    }

    fn review_of(edit: impl Fn(usize, &str) -> Option<String>) -> Vec<RowVerdict> {
        read(&returned("t", edit), PROPOSED, None).unwrap()
    }

    #[test]
    fn decisions_made_in_word_are_read_back_per_row() {
        let verdicts = review_of(|row, p| match row {
            // Row 1 (clause 1) accepted, row 2 rejected.
            1 => Some(accept(p)),
            2 => Some(reject(p)),
            // Row 3: accepted, then the editor typed a word of their own.
            3 => Some(accept(p).replace("Scotland", "Wales")),
            // Row 4 left alone: undecided.
            // Row 6, the added clause, rejected: Word removes the paragraph with its bookmark.
            6 => Some(String::new()),
            _ => None,
        });
        assert_eq!(verdicts.len(), 7);
        assert_eq!(verdicts[0], RowVerdict::Accepted, "the unchanged heading");
        assert_eq!(verdicts[1], RowVerdict::Accepted);
        assert_eq!(verdicts[2], RowVerdict::Rejected);
        assert_eq!(
            verdicts[3],
            RowVerdict::Edited(vec![Paragraph {
                text: "3. The law of Wales applies.".into(),
                heading: None
            }])
        );
        assert_eq!(verdicts[4], RowVerdict::Undecided);
        assert_eq!(verdicts[5], RowVerdict::Accepted, "unchanged, left alone");
        assert_eq!(verdicts[6], RowVerdict::Rejected);
    }

    #[test]
    fn accepting_everything_accepts_every_row_and_rejecting_rejects_them() {
        assert!(
            review_of(|_, p| Some(accept(p)))
                .iter()
                .all(|v| *v == RowVerdict::Accepted)
        );
        let rejected = review_of(|row, p| Some(if row == 6 { String::new() } else { reject(p) }));
        assert_eq!(
            rejected[0],
            RowVerdict::Accepted,
            "unchanged rows read as both"
        );
        assert!(
            rejected[1..5].iter().all(|v| *v == RowVerdict::Rejected),
            "{rejected:?}"
        );
        assert_eq!(rejected[6], RowVerdict::Rejected);
        let untouched = review_of(|_, _| None);
        assert_eq!(
            untouched
                .iter()
                .filter(|v| **v == RowVerdict::Undecided)
                .count(),
            5
        );
    }

    #[test]
    fn a_heading_stays_a_heading_and_a_changed_row_whose_bookmark_is_gone_is_lost() {
        let verdicts = review_of(|row, p| match row {
            // The editor types into the heading.
            0 => Some(p.replace("Terms", "Terms of sale")),
            // Clause 2's paragraph deleted outright, bookmark and all.
            2 => Some(String::new()),
            _ => None,
        });
        assert_eq!(
            verdicts[0],
            RowVerdict::Edited(vec![Paragraph {
                text: "Terms of sale".into(),
                heading: Some(1)
            }])
        );
        assert_eq!(verdicts[2], RowVerdict::Lost);
    }

    #[test]
    fn a_document_that_does_not_fit_the_proposal_is_refused() {
        let bytes = returned("t", |_, _| None);
        // Another proposal: a clause inserted before the others moves every row.
        let other = PROPOSED.replace("# Terms\n\n", "# Terms\n\n1. Definitions come first.\n\n");
        let err = read(&bytes, &other, None).unwrap_err();
        assert!(
            matches!(&err, ReviewFileError::Misfit { bookmark, .. } if bookmark.starts_with("emend_")),
            "{err}"
        );
        // A document without row bookmarks is no review of anything.
        let bare = crate::docx::export_docx(&segment(PROPOSED), "t", None);
        assert!(matches!(
            read(&bare.bytes, PROPOSED, None),
            Err(ReviewFileError::NoRows { .. })
        ));
        let err = read(b"not a zip", PROPOSED, None).unwrap_err();
        assert!(matches!(
            err,
            ReviewFileError::Docx(DocxError::NotZip { .. })
        ));
    }

    #[test]
    fn a_document_written_from_another_tip_or_proposal_is_refused() {
        let tip = "0123456789abcdef0123456789abcdef01234567";
        let title = proposal_title("fix", "en", "terms", tip);
        assert_eq!(title, "fix: en in terms (proposal at 0123456789ab)");
        assert_eq!(
            parse_title(&title),
            Some(("fix: en in terms", "0123456789ab"))
        );
        let bytes = returned(&title, |_, p| Some(accept(p)));
        assert!(read(&bytes, PROPOSED, Some(&title)).is_ok());
        let moved = proposal_title("fix", "en", "terms", "fedcba9876543210fedcba98");
        let err = read(&bytes, PROPOSED, Some(&moved)).unwrap_err();
        assert!(
            matches!(&err, ReviewFileError::Moved { written, now, .. } if written == "0123456789ab" && now == "fedcba987654"),
            "{err}"
        );
        let other = proposal_title("plain", "en", "terms", tip);
        let err = read(&bytes, PROPOSED, Some(&other)).unwrap_err();
        assert!(
            matches!(&err, ReviewFileError::OtherProposal { written, .. } if written == "fix: en in terms"),
            "{err}"
        );
        // A title the editor changed is not checked: the bookmarks still are.
        let retitled = returned("Terms, reviewed", |_, p| Some(accept(p)));
        assert!(read(&retitled, PROPOSED, Some(&moved)).is_ok());
    }

    /// Every paragraph of a tracked-changes document of `a` → `b`, edited by `edit`.
    fn edited(a: &str, b: &str, edit: impl Fn(&str) -> String) -> Vec<RowVerdict> {
        let (current, proposed) = (segment(a), segment(b));
        let cmp = compare(&current, &proposed, &CompareOptions::default());
        let who = ChangeAuthor {
            name: "Tanya Translator".into(),
            date: "2026-11-28T09:00:00Z".into(),
        };
        let written = tracked_docx(&current, &proposed, &cmp, &who, "t", None);
        let mut parts = parts(&written.bytes);
        for (name, data) in parts.iter_mut() {
            if name == "word/document.xml" {
                let xml = String::from_utf8(data.clone()).unwrap();
                let (head, body) = xml.split_once("<w:body>").unwrap();
                let (body, tail) = body.split_once("<w:sectPr>").unwrap();
                let body: String = body
                    .split("<w:p>")
                    .skip(1)
                    .map(|p| edit(&format!("<w:p>{p}")))
                    .collect();
                *data = format!("{head}<w:body>{body}<w:sectPr>{tail}").into_bytes();
            }
        }
        let from = WrittenFrom {
            current: &current,
            proposed: &proposed,
            rows: &cmp.rows,
            title: None,
        };
        read_review(&rezip(&parts), "moved.docx", 1 << 30, &from).unwrap()
    }

    #[test]
    fn a_move_rejected_or_accepted_in_word_is_read_back() {
        let a = "# T\n\nAlpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.\n\nLambda mu nu xi omicron.\n";
        let b = "# T\n\nZeta eta theta iota kappa.\n\nLambda mu nu xi omicron.\n\nAlpha beta gamma delta epsilon.\n";
        let moved = |v: &[RowVerdict]| v[3].clone();
        // Rejected as LibreOffice does it: the old text stands again where it
        // was, with no bookmark; the row's bookmark is left in an empty paragraph.
        let rejected = edited(a, b, |p| {
            if p.contains("<w:moveTo ") {
                let start = p.find("<w:bookmarkStart").unwrap();
                let end = p.find("<w:bookmarkEnd").unwrap();
                let close = p[end..].find("/>").unwrap() + end + 2;
                format!(
                    "<w:p>{}{}</w:p>",
                    &p[start..p[start..].find("/>").unwrap() + start + 2],
                    &p[end..close]
                )
            } else if p.contains("<w:moveFrom ") {
                // The text and its paragraph mark are not moved any more.
                unwrap_elements(p, "w:moveFrom")
            } else {
                p.to_string()
            }
        });
        assert_eq!(moved(&rejected), RowVerdict::Rejected, "{rejected:?}");
        // Accepted: the old text goes, the new place keeps it.
        let accepted = edited(a, b, |p| {
            if p.contains("<w:moveFrom ") {
                String::new()
            } else {
                unwrap_elements(p, "w:moveTo")
            }
        });
        assert_eq!(moved(&accepted), RowVerdict::Accepted, "{accepted:?}");
        // Untouched: still a move, undecided.
        assert_eq!(moved(&edited(a, b, str::to_string)), RowVerdict::Undecided);
    }
}
