//! Many versions side by side (`emend compare`).

use std::io::{self, Write};

use rayon::prelude::*;

use super::{DIFF_CSS, Html, Ids, PARAGRAPH_MARK, head, is_forbidden_in_html, side_name};
use crate::diff::{OpKind, Status, Table, TableRow, side_text};
use crate::render::SideLabel;
use crate::text::Document;

/// Many versions side by side (`emend compare`) as one self-contained HTML page.
///
/// One column per version, one row per aligned segment; in columns of the
/// first version's language the words that differ from it are marked
/// `<ins>`; other languages are aligned only. Each row's `id` is its key in
/// the first version (or in the first version that has it), so a reviewer can
/// link to `page.html#2¶3`. Below 700px the columns stack.
pub fn compare_page(
    title: &str,
    labels: &[SideLabel],
    docs: &[&Document],
    table: &Table,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and the page is built from `str`s.
    let _ = write_compare_page(&mut out, title, labels, docs, table);
    String::from_utf8(out).unwrap_or_default()
}

/// A row's id, its keys, and whether any version differs in it.
struct RowHead {
    id: String,
    keys: String,
    differs: bool,
}

/// [`compare_page`], written as it is made: the header first (it counts the
/// rows that differ and the characters left out), then the rows, drawn on
/// all cores a batch at a time, so that memory holds one batch of the page.
pub fn write_compare_page(
    w: &mut dyn Write,
    title: &str,
    labels: &[SideLabel],
    docs: &[&Document],
    table: &Table,
) -> io::Result<()> {
    // Ids depend on every row before, so they are given in order.
    let mut ids = Ids::default();
    let heads: Vec<RowHead> = table
        .rows
        .iter()
        .map(|row| {
            let keys = row.keys(docs);
            let first_key = keys.split(" + ").next().unwrap_or("row");
            let id = ids.fresh(first_key, "row");
            let differs = row.cells.iter().any(|c| {
                c.moved
                    || !matches!(
                        c.status,
                        Some(Status::Unchanged) | Some(Status::Aligned) | None
                    )
            });
            RowHead { id, keys, differs }
        })
        .collect();
    let differing = heads.iter().filter(|h| h.differs).count();
    // What the rows will leave out, counted on the text they escape.
    let body_dropped: usize = table
        .rows
        .par_iter()
        .zip(&heads)
        .map(|(row, head)| {
            let mut n = forbidden(&head.id) + forbidden(&head.keys);
            for ((cell, doc), label) in row.cells.iter().zip(docs).zip(labels) {
                n += label.language.as_deref().map_or(0, forbidden) + forbidden(&label.label);
                if cell.segments.is_empty() {
                    continue;
                }
                n += match &cell.ops {
                    Some(ops) => ops.iter().map(|o| forbidden(&o.text)).sum::<usize>(),
                    None => cell
                        .segments
                        .iter()
                        .map(|&i| forbidden(&doc.segments[i].text))
                        .sum(),
                };
            }
            n
        })
        .sum();
    let mut h = Html::default();
    head(
        &mut h,
        labels
            .get(table.reference)
            .and_then(|l| l.language.as_deref()),
        title,
        DIFF_CSS,
    );
    h.raw("<body>\n<header>\n<h1>")
        .text(title)
        .raw("</h1>\n<p class=\"sides\">");
    for (n, l) in labels.iter().enumerate() {
        if n > 0 {
            h.raw(" · ");
        }
        side_name(&mut h, l);
    }
    let others_compared = table
        .same_language
        .iter()
        .enumerate()
        .any(|(i, &s)| s && i != table.reference);
    let summary = if others_compared {
        format!(
            "{} rows, {differing} with differences from {}",
            table.rows.len(),
            labels.get(table.reference).map_or("", |l| l.label.as_str())
        )
    } else {
        format!("{} aligned rows", table.rows.len())
    };
    h.raw("</p>\n<p class=\"summary\">")
        .text(&summary)
        .raw("</p>\n<p class=\"legend\"><ins>words the reference lacks</ins> <del>words of the reference this version lacks</del> ")
        .raw(PARAGRAPH_MARK)
        .raw(" paragraph break; columns in other languages are aligned only</p>\n");
    let dropped = body_dropped + h.dropped;
    if dropped > 0 {
        h.raw("<p class=\"warning\">")
            .text(&format!(
                "{dropped} control character(s) not allowed in HTML left out."
            ))
            .raw("</p>\n");
    }
    h.raw("</header>\n<main>\n<table class=\"diff compare\">\n<colgroup><col class=\"c-key\">");
    for _ in labels {
        h.raw("<col>");
    }
    h.raw("</colgroup>\n<thead><tr><th scope=\"col\">key</th>");
    for l in labels {
        h.raw("<th scope=\"col\">");
        side_name(&mut h, l);
        h.raw("</th>");
    }
    h.raw("</tr></thead>\n<tbody>\n");
    w.write_all(h.out.as_bytes())?;
    let rows: Vec<(&TableRow, &RowHead)> = table.rows.iter().zip(&heads).collect();
    for batch in rows.chunks(4096) {
        let chunks: Vec<String> = batch
            .par_chunks(256)
            .map(|rows| {
                let mut body = Html::default();
                for (row, head) in rows {
                    write_row(&mut body, head, row, docs, labels);
                }
                body.out
            })
            .collect();
        for chunk in &chunks {
            w.write_all(chunk.as_bytes())?;
        }
    }
    w.write_all(b"</tbody>\n</table>\n</main>\n</body>\n</html>\n")
}

/// How many characters of `s` HTML does not allow (see [`is_forbidden_in_html`]).
fn forbidden(s: &str) -> usize {
    if s.is_ascii() {
        s.bytes()
            .filter(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7F)
            .count()
    } else {
        s.chars().filter(|&c| is_forbidden_in_html(c)).count()
    }
}

/// One row of the table: its key, then each version's cell.
fn write_row(
    body: &mut Html,
    head: &RowHead,
    row: &TableRow,
    docs: &[&Document],
    labels: &[SideLabel],
) {
    body.raw("<tr class=\"")
        .raw(if head.differs { "differs" } else { "same" })
        .raw("\" id=\"")
        .text(&head.id)
        .raw("\"><th scope=\"row\" class=\"key\"><a href=\"#")
        .text(&head.id)
        .raw("\"><bdi>")
        .text(&head.keys)
        .raw("</bdi></a></th>");
    for ((cell, doc), label) in row.cells.iter().zip(docs).zip(labels) {
        body.raw("<td");
        if let Some(lang) = &label.language {
            body.raw(" lang=\"").text(lang).raw("\"");
        }
        body.raw("><span class=\"side\" dir=\"ltr\">")
            .text(&label.label)
            .raw("</span><div class=\"t\" dir=\"auto\">");
        if cell.segments.is_empty() {
            body.raw("<span class=\"none\" title=\"nothing in this version\">—</span>");
        } else if let Some(ops) = &cell.ops {
            for op in ops {
                match op.op {
                    OpKind::Equal => {
                        body.paragraphs(&op.text);
                    }
                    OpKind::Insert => {
                        body.marked("ins", &op.text);
                    }
                    OpKind::Delete => {
                        body.marked("del", &op.text);
                    }
                }
            }
        } else {
            body.paragraphs(&side_text(doc, &cell.segments));
        }
        if cell.moved {
            body.raw(" <span class=\"tag tag-moved\">moved</span>");
        }
        body.raw("</div></td>");
    }
    body.raw("</tr>\n");
}

#[cfg(test)]
mod tests {
    use super::super::testutil::label;
    use super::*;
    use crate::diff::{Column, CompareOptions, compare_many_against};
    use crate::text::segment;

    #[test]
    fn deletions_and_insertions_are_marked_against_the_reference() {
        let kjv = segment("1. Now it came to pass in the days when the judges ruled.\n");
        let web = segment("1. In the days when the judges judged.\n");
        let cols = [
            Column {
                doc: &kjv,
                language: Some("en".into()),
            },
            Column {
                doc: &web,
                language: Some("en".into()),
            },
        ];
        let labels = [label("kjv"), label("web")];
        let docs = [&kjv, &web];
        let first = compare_page(
            "t",
            &labels,
            &docs,
            &compare_many_against(&cols, 0, &CompareOptions::default()),
        );
        assert!(
            first.contains("<del>Now it came to pass in</del>"),
            "{first}"
        );
        assert!(first.contains("<ins>In</ins>"));
        assert!(first.contains("differences from kjv"));
        // Against the WEB, the KJV is the column that differs.
        let against = compare_page(
            "t",
            &labels,
            &docs,
            &compare_many_against(&cols, 1, &CompareOptions::default()),
        );
        assert!(against.contains("differences from web"));
        assert!(
            against.contains("<ins>Now it came to pass in</ins>"),
            "{against}"
        );
        assert!(against.contains("<del>judged</del>"));
    }
}
