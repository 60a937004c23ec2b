//! A version as a clean Word document: headings in Word's heading styles,
//! point labels as automatic numbering, tables as tables, footnotes as footnotes.

use crate::text::{Document, Kind};

use super::lists::{Lists, pattern};
use super::runs::{Notes, inline_runs};

/// The body, numbering and footnotes of `doc`, and how many characters XML forbids were left out.
pub(crate) struct Body {
    pub body: String,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    pub dropped: usize,
}

/// `[^label]: text` → (label, text).
pub(crate) fn footnote_definition(raw: &str) -> Option<(&str, &str)> {
    let rest = raw.strip_prefix("[^")?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    (!label.is_empty() && !label.contains(char::is_whitespace))
        .then(|| (label, rest[close + 2..].trim()))
}

/// A GFM table block: its rows of cells (the delimiter row left out).
pub(crate) fn table_rows(raw: &str) -> Option<Vec<Vec<String>>> {
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    if lines.len() < 2 || !lines.iter().all(|l| l.starts_with('|')) {
        return None;
    }
    let is_delimiter =
        |l: &str| l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && l.contains('-');
    if !is_delimiter(lines[1]) {
        return None;
    }
    let cells = |l: &str| -> Vec<String> {
        let inner = l.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    cell.push('|');
                    chars.next();
                }
                '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
                c => cell.push(c),
            }
        }
        cells.push(cell.trim().to_string());
        cells
    };
    Some(
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| cells(l))
            .collect(),
    )
}

fn paragraph(ppr: &str, runs: &str) -> String {
    if ppr.is_empty() {
        format!("<w:p>{runs}</w:p>")
    } else {
        format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
    }
}

/// The clean body of `doc`.
pub(crate) fn body(doc: &Document) -> Body {
    let mut notes = Notes::default();
    for seg in &doc.segments {
        if let Some((label, text)) = footnote_definition(doc.raw(seg)) {
            notes.define(label, text);
        }
    }
    let mut out = String::new();
    let mut lists = Lists::default();
    let mut dropped = 0;
    // Indentation of the open points, and the depth and key of the last one.
    let mut points: Vec<usize> = Vec::new();
    let mut last_point: Option<(String, usize)> = None;
    let mut n = 0;
    while n < doc.segments.len() {
        let seg = &doc.segments[n];
        n += 1;
        let raw = doc.raw(seg);
        if seg.kind == Kind::Footnote || footnote_definition(raw).is_some() {
            continue;
        }
        if seg.kind == Kind::TableRow {
            // The rows of one table follow each other with no blank line between.
            let mut last = seg;
            while let Some(next) = doc.segments.get(n)
                && next.kind == Kind::TableRow
                && !doc.source[last.span.end..next.span.start].contains("\n\n")
            {
                last = next;
                n += 1;
            }
            if let Some(rows) = table_rows(&doc.source[seg.span.start..last.span.end]) {
                out.push_str(&table(&rows, &notes, &mut dropped));
                continue;
            }
        }
        if seg.kind == Kind::Heading {
            points.clear();
            last_point = None;
            let style = format!(r#"<w:pStyle w:val="Heading{}"/>"#, seg.level.clamp(1, 6));
            out.push_str(&paragraph(
                &style,
                &inline_runs(&seg.text, &notes, &mut dropped),
            ));
            continue;
        }
        if let Some(rows) = table_rows(raw) {
            out.push_str(&table(&rows, &notes, &mut dropped));
            continue;
        }
        let indent = doc.indent_of(seg);
        while points.last().is_some_and(|&i| i >= indent) && seg.label.is_some() {
            points.pop();
        }
        let runs = inline_runs(&seg.text, &notes, &mut dropped);
        let numbered = seg.label.as_deref().and_then(|l| {
            let p = pattern(l, points.len() as u8)?;
            Some((lists.number(&p), p.ilvl))
        });
        if let Some(((num, ilvl), _)) = numbered {
            points.push(indent);
            last_point = Some((seg.key.to_string(), ilvl as usize));
            let ppr = format!(
                r#"<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#
            );
            out.push_str(&paragraph(&ppr, &runs));
            continue;
        }
        let bullet = matches!(raw.as_bytes(), [b'-' | b'*' | b'+', b' ', ..]);
        if bullet && seg.label.is_none() {
            let (num, ilvl) = lists.bullet((indent / 2).min(8) as u8);
            let ppr = format!(
                r#"<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#
            );
            out.push_str(&paragraph(&ppr, &runs));
            continue;
        }
        // A later paragraph of a point is indented with it.
        let ppr = match &last_point {
            Some((key, depth)) if seg.key.starts_with(&format!("{key}¶")) => {
                format!(r#"<w:ind w:left="{}"/>"#, 720 * (depth + 1))
            }
            _ => String::new(),
        };
        if seg.label.is_some() {
            // A label emend reads but Word cannot count (`Article`): keep it as text.
            let label = seg.label.as_deref().unwrap_or_default();
            let runs = format!(
                "{}{runs}",
                super::runs::run(&format!("{label} "), "", false, &mut dropped)
            );
            out.push_str(&paragraph(&ppr, &runs));
            continue;
        }
        out.push_str(&paragraph(&ppr, &runs));
    }
    let footnotes = (!notes.defined.is_empty()).then(|| {
        let mut defs: Vec<&(u32, String)> = notes.defined.values().collect();
        defs.sort_by_key(|(id, _)| *id);
        defs.iter()
            .map(|(id, text)| {
                format!(
                    r#"<w:footnote w:id="{id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{}</w:p></w:footnote>"#,
                    inline_runs(text, &Notes::default(), &mut dropped)
                )
            })
            .collect()
    });
    Body {
        body: out,
        numbering: lists.xml(),
        footnotes,
        dropped,
    }
}

fn table(rows: &[Vec<String>], notes: &Notes, dropped: &mut usize) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let col = 9000 / width;
    let mut out = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{}</w:tblGrid>"#,
        format!(r#"<w:gridCol w:w="{col}"/>"#).repeat(width)
    );
    for (n, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if n == 0 {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for i in 0..width {
            let text = row.get(i).map(String::as_str).unwrap_or_default();
            out.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr><w:p>{}</w:p></w:tc>"#,
                inline_runs(text, notes, dropped)
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_footnote_definitions_are_recognised() {
        assert_eq!(
            table_rows("| a | b\\|c |\n| --- | :-: |\n| 1 | 2 |"),
            Some(vec![
                vec!["a".into(), "b|c".into()],
                vec!["1".into(), "2".into()]
            ])
        );
        assert_eq!(table_rows("| a |\nno delimiter"), None);
        assert_eq!(
            footnote_definition("[^1]: The note."),
            Some(("1", "The note."))
        );
        assert_eq!(footnote_definition("[^a b]: no"), None);
    }
}
