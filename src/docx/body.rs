//! The body of a Word document (or its footnotes) as paragraphs and tables,
//! with every tracked change still marked.
//!
//! This is the model the Markdown renderer and the review reader share: what
//! a run or a paragraph mark would be after accepting or rejecting the
//! changes is decided later ([`Rev::visible`]).

use std::collections::BTreeSet;

use super::DocxError;
use super::styles::NumPr;
use super::xml::{Attrs, Node, Ns, walk};

/// Whether a piece of the document is a tracked insertion, deletion, or both
/// (text inserted by one author and deleted by another).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Rev {
    pub ins: bool,
    pub del: bool,
}

impl Rev {
    pub(crate) fn is_change(self) -> bool {
        self.ins || self.del
    }

    /// Whether the piece is there after accepting (`accept`) or rejecting every change.
    pub(crate) fn visible(self, accept: bool) -> bool {
        if accept { !self.del } else { !self.ins }
    }
}

/// The properties of a paragraph that matter to its text: heading style and numbering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PProps {
    pub style: Option<String>,
    pub num: Option<NumPr>,
    pub outline: Option<u8>,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Text {
        text: String,
        rev: Rev,
        bold: bool,
        italic: bool,
    },
    /// A footnote (or endnote, id prefixed `e`) reference.
    Note {
        id: String,
        rev: Rev,
    },
    BookmarkStart {
        id: String,
        name: String,
    },
    BookmarkEnd {
        id: String,
    },
}

/// A paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    pub props: PProps,
    /// The properties before a tracked change of them (`w:pPrChange`).
    pub old_props: Option<PProps>,
    pub items: Vec<Item>,
    /// A tracked change of the paragraph mark: an inserted mark splits a
    /// paragraph, a deleted one joins it to the next.
    pub mark: Rev,
}

impl Para {
    /// True when anything in the paragraph is a tracked change.
    pub(crate) fn has_changes(&self) -> bool {
        self.mark.is_change()
            || self.props_changed()
            || self.items.iter().any(|i| match i {
                Item::Text { rev, .. } | Item::Note { rev, .. } => rev.is_change(),
                _ => false,
            })
    }

    /// A tracked change of the style or numbering.
    pub(crate) fn props_changed(&self) -> bool {
        self.old_props
            .as_ref()
            .is_some_and(|old| old.style != self.props.style || old.num != self.props.num)
    }
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row {
    pub cells: Vec<Vec<Para>>,
    pub rev: Rev,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Para(Para),
    Table(Vec<Row>),
}

/// A part read into blocks.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The body's blocks (empty for a notes part).
    pub blocks: Vec<Block>,
    /// For a notes part: each note's id and blocks.
    pub notes: Vec<(String, Vec<Block>)>,
    /// How many tracked changes there are, and by whom.
    pub changes: usize,
    pub authors: BTreeSet<String>,
}

#[derive(Default)]
struct TableBuild {
    rows: Vec<Row>,
    row: Option<Row>,
    cell: Option<Vec<Para>>,
}

#[derive(Default)]
struct Parser {
    out: Parsed,
    paras: Vec<Para>,
    deferred: Vec<Block>,
    tables: Vec<TableBuild>,
    revs: Vec<Rev>,
    note: Option<(String, Vec<Block>)>,
    note_prefix: &'static str,
    pending_starts: Vec<Item>,
    /// Inside `w:pPr` (1), and inside its `w:pPrChange` (2).
    ppr: u8,
    ppr_mark: bool,
    in_numpr: bool,
    trpr: bool,
    run: bool,
    rpr: bool,
    text: bool,
    bold: bool,
    italic: bool,
    skip: usize,
}

impl Parser {
    fn rev(&self) -> Rev {
        self.revs.iter().fold(Rev::default(), |acc, r| Rev {
            ins: acc.ins || r.ins,
            del: acc.del || r.del,
        })
    }

    fn change(&mut self, attrs: &Attrs) {
        self.out.changes += 1;
        if let Some(a) = attrs.get("author") {
            self.out.authors.insert(a.to_string());
        }
    }

    fn props(&mut self) -> Option<&mut PProps> {
        let para = self.paras.last_mut()?;
        Some(if self.ppr == 2 {
            para.old_props.get_or_insert_with(PProps::default)
        } else {
            &mut para.props
        })
    }

    fn push_text(&mut self, s: &str) {
        let rev = self.rev();
        let (bold, italic) = (self.bold, self.italic);
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        if let Some(Item::Text {
            text,
            rev: r,
            bold: b,
            italic: i,
        }) = para.items.last_mut()
            && *r == rev
            && *b == bold
            && *i == italic
        {
            text.push_str(s);
            return;
        }
        para.items.push(Item::Text {
            text: s.to_string(),
            rev,
            bold,
            italic,
        });
    }

    fn push_item(&mut self, item: Item) {
        match self.paras.last_mut() {
            Some(p) => p.items.push(item),
            None => match item {
                Item::BookmarkStart { .. } => self.pending_starts.push(item),
                // A bookmark that ends between paragraphs ends with the one before.
                _ => {
                    if let Some(p) = self.last_para() {
                        p.items.push(item);
                    }
                }
            },
        }
    }

    fn last_para(&mut self) -> Option<&mut Para> {
        let blocks = if let Some(t) = self.tables.last_mut() {
            return t.cell.as_mut().and_then(|c| c.last_mut());
        } else if let Some((_, b)) = self.note.as_mut() {
            b
        } else {
            &mut self.out.blocks
        };
        match blocks.last_mut() {
            Some(Block::Para(p)) => Some(p),
            _ => None,
        }
    }

    fn route(&mut self, block: Block) {
        if let Some(t) = self.tables.last_mut() {
            if let Some(cell) = t.cell.as_mut() {
                match block {
                    Block::Para(p) => cell.push(p),
                    // A table in a cell: its paragraphs, in order.
                    Block::Table(rows) => {
                        cell.extend(rows.into_iter().flat_map(|r| r.cells).flatten())
                    }
                }
            }
            return;
        }
        match self.note.as_mut() {
            Some((_, blocks)) => blocks.push(block),
            None => self.out.blocks.push(block),
        }
    }

    fn open(&mut self, ns: Ns, name: &str, attrs: &Attrs) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if ns == Ns::Mc && name == "Fallback" {
            self.skip = 1;
            return;
        }
        if ns != Ns::W {
            return;
        }
        match name {
            "p" => {
                let mut para = Para::default();
                para.items.append(&mut self.pending_starts);
                self.paras.push(para);
            }
            "pPr" if self.ppr == 0 && !self.paras.is_empty() => self.ppr = 1,
            "pPrChange" if self.ppr == 1 => {
                self.ppr = 2;
                if let Some(p) = self.paras.last_mut() {
                    p.old_props = Some(PProps::default());
                }
            }
            "pStyle" if self.ppr > 0 => {
                let v = attrs.get("val").map(str::to_string);
                if let Some(p) = self.props() {
                    p.style = v;
                }
            }
            "outlineLvl" if self.ppr > 0 => {
                let v = attrs.get("val").and_then(|v| v.parse().ok());
                if let Some(p) = self.props() {
                    p.outline = v;
                }
            }
            "numPr" if self.ppr > 0 => {
                self.in_numpr = true;
                if let Some(p) = self.props() {
                    p.num = Some(NumPr::default());
                }
            }
            "numId" | "ilvl" if self.in_numpr => {
                let v = attrs.get("val").unwrap_or_default().to_string();
                if let Some(PProps { num: Some(n), .. }) = self.props() {
                    if name == "numId" {
                        n.num_id = Some(v);
                    } else {
                        n.ilvl = v.parse().ok();
                    }
                }
            }
            "rPr" if self.ppr == 1 => self.ppr_mark = true,
            "rPr" if self.run => self.rpr = true,
            "rPrChange" | "tabs" | "sectPr" | "instrText" | "delInstrText" => self.skip = 1,
            "ins" | "del" | "moveFrom" | "moveTo" => {
                self.change(attrs);
                let rev = if name == "ins" || name == "moveTo" {
                    Rev {
                        ins: true,
                        del: false,
                    }
                } else {
                    Rev {
                        ins: false,
                        del: true,
                    }
                };
                if self.ppr_mark {
                    if let Some(p) = self.paras.last_mut() {
                        p.mark = rev;
                    }
                    // An empty element here, closed at once; nothing to push.
                    self.revs.push(Rev::default());
                } else if self.trpr {
                    if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                        row.rev = rev;
                    }
                    self.revs.push(Rev::default());
                } else {
                    self.revs.push(rev);
                }
            }
            "r" => {
                self.run = true;
                self.bold = false;
                self.italic = false;
            }
            "b" if self.rpr => self.bold = attrs.on(),
            "i" if self.rpr => self.italic = attrs.on(),
            "t" | "delText" if self.run => self.text = true,
            "tab" | "ptab" if self.run => self.push_text("\t"),
            "br" if self.run && !matches!(attrs.get("type"), Some("page" | "column")) => {
                self.push_text("\n");
            }
            "cr" if self.run => self.push_text("\n"),
            "noBreakHyphen" if self.run => self.push_text("-"),
            "footnoteReference" | "endnoteReference" => {
                let prefix = if name == "endnoteReference" { "e" } else { "" };
                let id = format!("{prefix}{}", attrs.get("id").unwrap_or_default());
                let rev = self.rev();
                self.push_item(Item::Note { id, rev });
            }
            "bookmarkStart" => self.push_item(Item::BookmarkStart {
                id: attrs.get("id").unwrap_or_default().to_string(),
                name: attrs.get("name").unwrap_or_default().to_string(),
            }),
            "bookmarkEnd" => self.push_item(Item::BookmarkEnd {
                id: attrs.get("id").unwrap_or_default().to_string(),
            }),
            "tbl" => self.tables.push(TableBuild::default()),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Row::default());
                }
            }
            "trPr" => self.trpr = true,
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(Vec::new());
                }
            }
            "footnote" | "endnote" => {
                let separator = matches!(
                    attrs.get("type"),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                );
                if separator {
                    self.skip = 1;
                } else {
                    let id = format!(
                        "{}{}",
                        self.note_prefix,
                        attrs.get("id").unwrap_or_default()
                    );
                    self.note = Some((id, Vec::new()));
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, ns: Ns, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        if ns != Ns::W {
            return;
        }
        match name {
            "p" => {
                if let Some(mut para) = self.paras.pop() {
                    if para.props_changed() {
                        self.out.changes += 1;
                    }
                    if para.old_props.as_ref() == Some(&para.props) {
                        para.old_props = None;
                    }
                    if self.paras.is_empty() {
                        self.route(Block::Para(para));
                        for block in std::mem::take(&mut self.deferred) {
                            self.route(block);
                        }
                    } else {
                        // A paragraph in a text box: after the one holding it.
                        self.deferred.push(Block::Para(para));
                    }
                }
            }
            "pPr" if self.ppr == 1 => {
                self.ppr = 0;
                self.ppr_mark = false;
            }
            "pPrChange" if self.ppr == 2 => self.ppr = 1,
            "numPr" => self.in_numpr = false,
            "rPr" => {
                self.ppr_mark = false;
                self.rpr = false;
            }
            "ins" | "del" | "moveFrom" | "moveTo" => {
                self.revs.pop();
            }
            "r" => self.run = false,
            "t" | "delText" => self.text = false,
            "trPr" => self.trpr = false,
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let (Some(row), Some(cell)) = (t.row.as_mut(), t.cell.take())
                {
                    row.cells.push(cell);
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(row) = t.row.take()
                {
                    t.rows.push(row);
                }
            }
            "tbl" => {
                if let Some(t) = self.tables.pop() {
                    let block = Block::Table(t.rows);
                    if self.paras.is_empty() {
                        self.route(block);
                    } else {
                        self.deferred.push(block);
                    }
                }
            }
            "footnote" | "endnote" => {
                if let Some(note) = self.note.take() {
                    self.out.notes.push(note);
                }
            }
            _ => {}
        }
    }
}

/// Reads the body of `document.xml`, or the notes of `footnotes.xml` /
/// `endnotes.xml` (`endnotes` gives their ids the prefix `e`).
pub(crate) fn parse(xml: &str, doc: &str, part: &str, endnotes: bool) -> Result<Parsed, DocxError> {
    let mut p = Parser {
        note_prefix: if endnotes { "e" } else { "" },
        ..Parser::default()
    };
    walk(xml, doc, part, |node| {
        match node {
            Node::Open { ns, name, attrs } => p.open(ns, name, attrs),
            Node::Close { ns, name } => p.close(ns, name),
            Node::Text(t) => {
                if p.text && p.skip == 0 {
                    p.push_text(t);
                }
            }
        }
        Ok(())
    })?;
    Ok(p.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const W: &str =
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str) -> Parsed {
        let xml = format!("<w:document {W}><w:body>{inner}</w:body></w:document>");
        parse(&xml, "t.docx", "word/document.xml", false).unwrap()
    }

    fn para(b: &Block) -> &Para {
        match b {
            Block::Para(p) => p,
            Block::Table(_) => panic!("a table"),
        }
    }

    #[test]
    fn runs_marks_and_properties() {
        let parsed = body(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr>
                 <w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:del w:id="9" w:author="Eve"/></w:rPr></w:pPr>
               <w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Bold </w:t></w:r>
               <w:ins w:id="1" w:author="Ann"><w:r><w:t>new</w:t></w:r></w:ins>
               <w:del w:id="2" w:author="Bob"><w:r><w:delText>old</w:delText></w:r></w:del>
               <w:r><w:instrText>PAGE</w:instrText><w:tab/><w:t>x &amp; y</w:t></w:r></w:p>"#,
        );
        assert_eq!(parsed.changes, 3);
        assert_eq!(
            parsed.authors.iter().collect::<Vec<_>>(),
            ["Ann", "Bob", "Eve"]
        );
        let p = para(&parsed.blocks[0]);
        assert_eq!(p.props.style.as_deref(), Some("Heading1"));
        let num = p.props.num.as_ref().unwrap();
        assert_eq!((num.num_id.as_deref(), num.ilvl), (Some("4"), Some(1)));
        assert_eq!(
            p.mark,
            Rev {
                ins: false,
                del: true
            }
        );
        let texts: Vec<(&str, Rev, bool)> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text {
                    text, rev, bold, ..
                } => Some((text.as_str(), *rev, *bold)),
                _ => None,
            })
            .collect();
        let plain = Rev::default();
        assert_eq!(
            texts,
            [
                ("Bold ", plain, true),
                (
                    "new",
                    Rev {
                        ins: true,
                        del: false
                    },
                    false
                ),
                (
                    "old",
                    Rev {
                        ins: false,
                        del: true
                    },
                    false
                ),
                ("\tx & y", plain, false)
            ]
        );
    }

    #[test]
    fn tables_text_boxes_and_fallbacks() {
        let parsed = body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:trPr><w:ins w:id="3" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
               <w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><w:t>outer</w:t></w:r>
               <w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
               <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        assert_eq!(parsed.blocks.len(), 3);
        let Block::Table(rows) = &parsed.blocks[0] else {
            panic!("a table first")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells.len(), 2);
        assert!(rows[1].rev.ins);
        assert_eq!(parsed.changes, 1);
        let text = |b: &Block| match &para(b).items[0] {
            Item::Text { text, .. } => text.clone(),
            _ => String::new(),
        };
        assert_eq!(text(&parsed.blocks[1]), "outer");
        assert_eq!(text(&parsed.blocks[2]), "boxed");
    }

    #[test]
    fn notes_are_grouped_and_separators_skipped() {
        let xml = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
               <w:footnote w:id="1"><w:p><w:r><w:t>Note one.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let parsed = parse(&xml, "t", "word/footnotes.xml", false).unwrap();
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(parsed.notes[0].0, "1");
        assert!(parsed.blocks.is_empty());
    }
}
