//! Paragraphs and tables of a Word document as the Markdown emend stores.
//!
//! Tracked changes are resolved first ([`resolve`]): accepted or rejected,
//! runs, paragraph marks (a deleted mark joins a paragraph to the next, an
//! inserted one splits it), table rows and property changes alike. Then:
//!
//! - a paragraph in a heading style (Heading 1-9, Title, or with an outline
//!   level) becomes `#`..`######` (levels 7-9 are written as 6);
//! - a paragraph with automatic numbering gets its label written out (`2.1.`,
//!   `(c)`, `IV.`), indented four spaces per level it is nested under points
//!   whose numbers its label does not repeat, so `a)` under `3.` is keyed
//!   `3/a`; a bullet becomes `- `;
//! - bold and italic runs become `**` and `*`;
//! - a table becomes a GFM table (the first row is its header);
//! - a footnote or endnote reference becomes `[^n]`, numbered in order of
//!   first reference, and its text `[^n]: ...` at the end.

use std::collections::HashMap;

use super::body::{Block, Item, PProps, Para, Row};
use super::numbering::{Counters, Label, Numbering};
use super::styles::Styles;

/// The document's numbering and styles.
pub(crate) struct Context<'c> {
    pub styles: &'c Styles,
    pub numbering: &'c Numbering,
}

/// The blocks as they are once every tracked change is accepted (`accept`) or rejected.
pub(crate) fn resolve(blocks: &[Block], accept: bool) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut carry: Option<Para> = None;
    for block in blocks {
        match block {
            Block::Para(p) => {
                if let Some(p) = resolve_para(p, accept, &mut carry) {
                    out.push(Block::Para(p));
                }
            }
            Block::Table(rows) => {
                if let Some(p) = carry.take() {
                    out.push(Block::Para(p));
                }
                let rows: Vec<Row> = rows
                    .iter()
                    .filter(|r| r.rev.visible(accept))
                    .map(|r| Row {
                        cells: r
                            .cells
                            .iter()
                            .map(|cell| resolve_paras(cell, accept))
                            .collect(),
                        rev: Default::default(),
                    })
                    .collect();
                if !rows.is_empty() {
                    out.push(Block::Table(rows));
                }
            }
        }
    }
    out.extend(carry.map(Block::Para));
    out
}

fn resolve_paras(paras: &[Para], accept: bool) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    let mut carry = None;
    for p in paras {
        out.extend(resolve_para(p, accept, &mut carry));
    }
    out.extend(carry);
    out
}

/// One paragraph with its changes resolved; `None` when its mark is gone and
/// its content joins the next paragraph (kept in `carry` until then).
fn resolve_para(p: &Para, accept: bool, carry: &mut Option<Para>) -> Option<Para> {
    let props = match (&p.old_props, accept) {
        (Some(old), false) => old.clone(),
        _ => p.props.clone(),
    };
    let items: Vec<Item> = p
        .items
        .iter()
        .filter(|i| match i {
            Item::Text { rev, .. } | Item::Note { rev, .. } => rev.visible(accept),
            _ => true,
        })
        .map(|i| match i {
            Item::Text {
                text, bold, italic, ..
            } => Item::Text {
                text: text.clone(),
                rev: Default::default(),
                bold: *bold,
                italic: *italic,
            },
            Item::Note { id, .. } => Item::Note {
                id: id.clone(),
                rev: Default::default(),
            },
            other => other.clone(),
        })
        .collect();
    let mut para = Para {
        props,
        old_props: None,
        items,
        mark: Default::default(),
    };
    if let Some(mut before) = carry.take() {
        // The joined paragraph keeps the first one's properties if it had text.
        if !has_text(&before) {
            before.props = para.props.clone();
        }
        before.items.append(&mut para.items);
        para = before;
    }
    if p.mark.visible(accept) {
        Some(para)
    } else {
        *carry = Some(para);
        None
    }
}

fn has_text(p: &Para) -> bool {
    p.items.iter().any(|i| match i {
        Item::Text { text, .. } => !text.trim().is_empty(),
        Item::Note { .. } => true,
        _ => false,
    })
}

/// Writes resolved blocks and the notes they reference as Markdown.
pub(crate) fn render(
    blocks: &[Block],
    notes: &HashMap<String, Vec<Block>>,
    ctx: &Context,
) -> String {
    let mut w = Writer {
        ctx,
        counters: Counters::new(ctx.numbering, ctx.styles),
        note_numbers: HashMap::new(),
        note_order: Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for block in blocks {
        out.extend(w.block(block));
    }
    // Notes may reference further notes; each is written once.
    let mut i = 0;
    while i < w.note_order.len() {
        let id = w.note_order[i].clone();
        let n = w.note_numbers[&id];
        let mut paras = Vec::new();
        for block in notes.get(&id).map(Vec::as_slice).unwrap_or_default() {
            paras.extend(w.block(block));
        }
        let mut text = format!("[^{n}]:");
        for (k, p) in paras.iter().enumerate() {
            if k == 0 {
                text.push(' ');
                text.push_str(p);
            } else {
                text.push_str("\n\n    ");
                text.push_str(&p.replace('\n', "\n    "));
            }
        }
        out.push(text);
        i += 1;
    }
    let mut md = out.join("\n\n");
    if !md.is_empty() {
        md.push('\n');
    }
    md
}

struct Writer<'c, 'n> {
    ctx: &'c Context<'c>,
    counters: Counters<'n>,
    note_numbers: HashMap<String, usize>,
    note_order: Vec<String>,
}

impl Writer<'_, '_> {
    fn block(&mut self, block: &Block) -> Option<String> {
        match block {
            Block::Para(p) => self.para(p),
            Block::Table(rows) => self.table(rows),
        }
    }

    /// The label of a paragraph's automatic numbering (counting it).
    fn label(&mut self, props: &PProps) -> Option<Label> {
        let styles = self.ctx.styles;
        let own = props.num.as_ref();
        let from_style = styles.numbering(props.style.as_deref());
        let num_id = match own.and_then(|n| n.num_id.clone()) {
            Some(id) => id,
            None => from_style.as_ref()?.1.num_id.clone()?,
        };
        if num_id == "0" {
            return None;
        }
        let ilvl = own
            .and_then(|n| n.ilvl)
            .or_else(|| from_style.as_ref().and_then(|(_, n)| n.ilvl))
            .or_else(|| {
                let (holder, _) = from_style.as_ref()?;
                self.ctx.numbering.level_of_style(&num_id, holder, styles)
            })
            .unwrap_or(0);
        self.counters.next(&num_id, ilvl)
    }

    fn para(&mut self, p: &Para) -> Option<String> {
        let label = self.label(&p.props);
        let heading = match p.props.outline {
            Some(o) if o < 9 => Some(o + 1),
            Some(_) => None,
            None => self.ctx.styles.heading_level(p.props.style.as_deref()),
        };
        let text = self.inline(&p.items);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(level) = heading {
            let hashes = "#".repeat(level.min(6) as usize);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            return Some(match label {
                Some(Label::Number { text: l, .. }) => format!("{hashes} {l} {text}"),
                _ => format!("{hashes} {text}"),
            });
        }
        Some(match label {
            Some(Label::Number { text: l, depth }) => {
                let indent = "    ".repeat(depth as usize);
                format!("{indent}{l} {}", continuation(text, &indent))
            }
            Some(Label::Bullet { depth }) => {
                let indent = "    ".repeat(depth as usize);
                format!("{indent}- {}", continuation(text, &indent))
            }
            None => {
                // A plain paragraph must not read as a heading.
                let text = continuation(text, "");
                if text.starts_with('#') {
                    format!("\\{text}")
                } else {
                    text
                }
            }
        })
    }

    fn table(&mut self, rows: &[Row]) -> Option<String> {
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        if width == 0 {
            return None;
        }
        let mut lines = Vec::with_capacity(rows.len() + 1);
        for (n, row) in rows.iter().enumerate() {
            let mut cells: Vec<String> = Vec::with_capacity(width);
            for cell in &row.cells {
                let mut parts = Vec::new();
                for p in cell {
                    if let Some(t) = self.para(p) {
                        parts.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                cells.push(parts.join(" ").replace('|', "\\|"));
            }
            cells.resize(width, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if n == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        Some(lines.join("\n"))
    }

    fn inline(&mut self, items: &[Item]) -> String {
        let mut out = String::new();
        for item in items {
            match item {
                Item::Text {
                    text, bold, italic, ..
                } => push_emphasis(&mut out, text, *bold, *italic),
                Item::Note { id, .. } => {
                    let next = self.note_numbers.len() + 1;
                    let n = *self.note_numbers.entry(id.clone()).or_insert_with(|| {
                        self.note_order.push(id.clone());
                        next
                    });
                    out.push_str(&format!("[^{n}]"));
                }
                _ => {}
            }
        }
        out.replace('\t', " ")
    }
}

/// Text wrapped in `**`/`*`, with its outer spaces left outside the markers.
fn push_emphasis(out: &mut String, text: &str, bold: bool, italic: bool) {
    let marker = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    let core = text.trim();
    if marker.is_empty() || core.is_empty() {
        out.push_str(text);
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    out.push_str(lead);
    out.push_str(marker);
    out.push_str(core);
    out.push_str(marker);
    out.push_str(trail);
}

/// A paragraph's line breaks, kept where the next line cannot be misread as
/// a new block (a heading, a bullet or a point label), joined with a space elsewhere.
fn continuation(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if n > 0 {
            let risky = line.starts_with('#')
                || line.starts_with("- ")
                || line.starts_with("* ")
                || line.starts_with("+ ")
                || crate::text::parse_label(line).is_some();
            if risky || line.is_empty() {
                out.push(' ');
            } else {
                out.push('\n');
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::body::Rev;
    use super::*;

    fn text(s: &str, rev: Rev) -> Item {
        Item::Text {
            text: s.into(),
            rev,
            bold: false,
            italic: false,
        }
    }

    const INS: Rev = Rev {
        ins: true,
        del: false,
    };
    const DEL: Rev = Rev {
        ins: false,
        del: true,
    };
    const NONE: Rev = Rev {
        ins: false,
        del: false,
    };

    fn para(items: Vec<Item>, mark: Rev) -> Block {
        Block::Para(Para {
            items,
            mark,
            ..Para::default()
        })
    }

    fn md(blocks: &[Block]) -> String {
        let (s, n) = (Styles::default(), Numbering::default());
        render(
            blocks,
            &HashMap::new(),
            &Context {
                styles: &s,
                numbering: &n,
            },
        )
    }

    #[test]
    fn a_deleted_mark_joins_on_accept_and_an_inserted_one_on_reject() {
        let blocks = vec![
            para(vec![text("established after", NONE)], DEL),
            para(
                vec![
                    text(" the surrender ", INS),
                    text("the capitulation ", DEL),
                    text("of Germany.", NONE),
                ],
                NONE,
            ),
            para(vec![text("New paragraph.", INS)], INS),
            para(vec![text("Last.", NONE)], NONE),
        ];
        assert_eq!(
            md(&resolve(&blocks, true)),
            "established after the surrender of Germany.\n\nNew paragraph.\n\nLast.\n"
        );
        assert_eq!(
            md(&resolve(&blocks, false)),
            "established after\n\nthe capitulation of Germany.\n\nLast.\n"
        );
    }

    #[test]
    fn emphasis_keeps_spaces_outside_and_headings_are_escaped() {
        let mut out = String::new();
        push_emphasis(&mut out, " SECRET ", true, false);
        assert_eq!(out, " **SECRET** ");
        let blocks = vec![para(vec![text("# not a heading", NONE)], NONE)];
        assert_eq!(md(&blocks), "\\# not a heading\n");
        assert_eq!(continuation("one\ntwo\n1. three", ""), "one\ntwo 1. three");
    }

    #[test]
    fn tables_become_gfm_rows() {
        let cell = |s: &str| {
            vec![Para {
                items: vec![text(s, NONE)],
                ..Para::default()
            }]
        };
        let rows = vec![
            Row {
                cells: vec![cell("Term"), cell("Meaning")],
                rev: NONE,
            },
            Row {
                cells: vec![cell("a|b")],
                rev: NONE,
            },
        ];
        assert_eq!(
            md(&[Block::Table(rows)]),
            "| Term | Meaning |\n| --- | --- |\n| a\\|b |  |\n"
        );
    }
}
