//! How each block of a document gets its key (the rules are in the doc of
//! [`super::segment()`]), and the memo that lets a revision share the keys of the one before.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write;

use super::blocks::{Block, BlockKind};
use super::keys::{Base, Keys};
use super::parse::{LabelKey, Parsed, Read, slug};
use super::shared::SharedText;

/// The key of each of `blocks`, unique (see [`super::segment()`] for how keys are made).
pub(super) fn keys_of(parsed: &[Parsed], blocks: &[Block]) -> Vec<SharedText> {
    let included_levels = significant_levels(parsed, blocks);
    assign_keys(parsed, blocks, &included_levels)
        .unique()
        .shared()
}

/// The keys of the last blocks keyed, and what they were made from. A key is made
/// only from its block's kind, indent and footnote and what was read of its label
/// and heading (see [`assign_keys`]); a revision that changes no heading, label or
/// block boundary (most revisions of a long text) has the same list of these as
/// the one before, and so the same keys, which it shares instead of making them
/// again (a tenth of reading a Bible's revision).
#[derive(Default)]
pub(super) struct KeyMemo {
    made_from: Vec<KeyInput>,
    keys: Vec<SharedText>,
}

/// What one block's key is made from.
#[derive(PartialEq)]
struct KeyInput {
    kind: BlockKind,
    indent: usize,
    footnote: Option<String>,
    numbered: bool,
    component: Option<Box<str>>,
    label_key: Option<LabelKey>,
}

impl KeyInput {
    fn of(p: &Parsed, b: &Block) -> KeyInput {
        KeyInput {
            kind: b.kind.clone(),
            indent: b.indent,
            footnote: b.footnote.clone(),
            numbered: p.numbered,
            component: p.component.clone(),
            label_key: p.label_key.clone(),
        }
    }

    fn is_of(&self, p: &Parsed, b: &Block) -> bool {
        self.kind == b.kind
            && self.indent == b.indent
            && self.footnote == b.footnote
            && self.numbered == p.numbered
            && self.component == p.component
            && self.label_key == p.label_key
    }
}

impl KeyMemo {
    /// [`keys_of`] `blocks`, from the memo where they are made from the same.
    pub fn keys(&mut self, parsed: &[Parsed], blocks: &[Block]) -> Vec<SharedText> {
        let same = self.made_from.len() == blocks.len()
            && self
                .made_from
                .iter()
                .zip(parsed.iter().zip(blocks))
                .all(|(k, (p, b))| k.is_of(p, b));
        if !same {
            self.keys = keys_of(parsed, blocks);
            self.made_from = parsed
                .iter()
                .zip(blocks)
                .map(|(p, b)| KeyInput::of(p, b))
                .collect();
        }
        self.keys.clone()
    }
}

/// Heading levels whose unnumbered headings enter keys: those with at least two
/// unnumbered headings that have numbered headings or points beneath them.
fn significant_levels(parsed: &[Parsed], blocks: &[Block]) -> [bool; 7] {
    struct Open {
        level: u8,
        numbered: bool,
        holds_numbers: bool,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut holders = [0usize; 7];
    let mut close = |entry: Open| {
        if entry.holds_numbers && !entry.numbered {
            holders[entry.level as usize] += 1;
        }
    };
    for (p, block) in parsed.iter().zip(blocks) {
        let heading = heading_level(block);
        if let Some(level) = heading {
            while open.last().is_some_and(|e| e.level >= level) {
                if let Some(entry) = open.pop() {
                    close(entry);
                }
            }
        }
        if p.numbered {
            // Mark every open heading; stop at one already marked (those below it are too).
            for entry in open.iter_mut().rev() {
                if entry.holds_numbers {
                    break;
                }
                entry.holds_numbers = true;
            }
        }
        if let Some(level) = heading {
            open.push(Open {
                level,
                numbered: p.numbered,
                holds_numbers: false,
            });
        }
    }
    while let Some(entry) = open.pop() {
        close(entry);
    }
    let mut levels = [false; 7];
    for (level, count) in holders.iter().enumerate() {
        levels[level] = *count >= 2;
    }
    levels
}

fn heading_level(block: &Block) -> Option<u8> {
    match block.kind {
        BlockKind::Heading(level) => Some(level),
        _ => None,
    }
}

/// `number` is a section inside `parent`: `5.1` in `5`, `A.1` in `A`.
fn extends(number: &str, parent: &str) -> bool {
    number.len() > parent.len() + 1
        && number.starts_with(parent)
        && number.as_bytes()[parent.len()] == b'.'
}

/// Row names of every table: a slug of the first cell where it is unique in
/// its table, else `row` and the row's number.
fn table_row_names(blocks: &[Block]) -> Vec<Option<String>> {
    let mut counts: HashMap<(usize, String), usize> = HashMap::default();
    for b in blocks {
        if let BlockKind::TableRow { table, first_cell } = &b.kind {
            *counts.entry((*table, slug(first_cell, 0))).or_insert(0) += 1;
        }
    }
    let mut rows_seen: HashMap<usize, usize> = HashMap::default();
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::TableRow { table, first_cell } => {
                let n = rows_seen.entry(*table).or_insert(0);
                *n += 1;
                let name = slug(first_cell, 0);
                let unique = counts.get(&(*table, name.clone())) == Some(&1);
                Some(if unique && !first_cell.trim().is_empty() && name != "h0" {
                    name
                } else {
                    format!("row{n}")
                })
            }
            _ => None,
        })
        .collect()
}

/// How many bytes `p`'s label is written with (`iii.` is 4), none without one: the
/// same for a block read whole or taken from the chunk cache, whose text is not kept.
fn label_width(p: &Parsed) -> usize {
    match &p.label {
        Some(Read::InBlock(range)) => range.len(),
        Some(Read::Own(label)) => label.len(),
        None => 0,
    }
}

/// The key of each of `blocks` (see [`super::segment()`] for how keys are made).
fn assign_keys(parsed: &[Parsed], blocks: &[Block], included_levels: &[bool; 7]) -> Keys {
    struct OpenHeading<'p> {
        level: u8,
        component: &'p str,
        include: bool,
        numbered: bool,
    }
    struct OpenPoint {
        indent: usize,
        /// The column where its label ends: right-aligned labels (`ii.`, `iii.`,
        /// `iv.` each ending where the text starts) are siblings, however indented.
        label_end: usize,
        /// Which block the point is (its key is that block's).
        at: usize,
        paragraphs: usize,
    }
    let row_names = table_row_names(blocks);
    // Most keys are a heading path, `/`, a label: about twenty bytes.
    let mut keys = Keys::with_capacity(blocks.len(), blocks.len() * 20);
    let mut headings: Vec<OpenHeading> = Vec::new();
    let mut points: Vec<OpenPoint> = Vec::new();
    // The key of the current heading (none yet: an empty path).
    let mut section = Base::Path("");
    // The path that points under the current heading are keyed by.
    let mut heading_path = String::new();
    let mut section_paragraphs = 0;
    // Code, HTML, breaks and tables are counted per base key and kind.
    let mut others: HashMap<(String, &'static str), usize> = HashMap::default();
    // Each table's key prefix, once its first row is seen.
    let mut tables: HashMap<usize, String> = HashMap::default();
    // The open footnote: its label and how many paragraphs it has had.
    let mut footnote: Option<(String, usize)> = None;
    for (at, ((block, row_name), p)) in blocks.iter().zip(&row_names).zip(parsed).enumerate() {
        if let Some(label) = &block.footnote {
            let n = match &mut footnote {
                Some((open, n)) if open == label => {
                    *n += 1;
                    *n
                }
                _ => {
                    footnote = Some((label.clone(), 1));
                    1
                }
            };
            keys.written(|key| {
                key.push('^');
                key.push_str(label);
                if n > 1 {
                    let _ = write!(key, "¶{n}");
                }
            });
            continue;
        }
        footnote = None;
        if let Some(level) = heading_level(block) {
            while headings.last().is_some_and(|h| h.level >= level) {
                headings.pop();
            }
            let include = p.numbered || included_levels[level as usize];
            let component = p.component.as_deref().unwrap_or_default();
            let mut path: Vec<&str> = headings
                .iter()
                .filter(|h| h.include)
                .map(|h| h.component)
                .collect();
            // `5.1` under `5` is `5.1`, not `5/5.1`: its number already says where it is.
            let mut enclosing = headings.iter().filter(|h| h.include).rev();
            while p.numbered
                && enclosing
                    .next()
                    .is_some_and(|h| h.numbered && extends(component, h.component))
            {
                path.pop();
            }
            path.push(component);
            keys.joined(&path);
            if !include {
                path.pop();
            }
            heading_path = path.join("/");
            section = Base::Key(at);
            section_paragraphs = 0;
            points.clear();
            headings.push(OpenHeading {
                level,
                component,
                include,
                numbered: p.numbered,
            });
            continue;
        }
        if let Some(label) = p.label_key.as_ref().map(LabelKey::as_str) {
            let label_end = block.indent + label_width(p);
            while points
                .last()
                .is_some_and(|t| t.indent >= block.indent || t.label_end == label_end)
            {
                points.pop();
            }
            let base = match points.last() {
                Some(parent) => Base::Key(parent.at),
                None => Base::Path(&heading_path),
            };
            keys.child(base, label);
            points.push(OpenPoint {
                indent: block.indent,
                label_end,
                at,
                paragraphs: 1,
            });
            continue;
        }
        while points.last().is_some_and(|t| t.indent > block.indent) {
            points.pop();
        }
        let other = match &block.kind {
            BlockKind::Code => Some("code"),
            BlockKind::Html => Some("html"),
            BlockKind::Break => Some("break"),
            BlockKind::TableRow { .. } => Some("table"),
            _ => None,
        };
        if let Some(kind) = other {
            let base = points.last().map_or(section, |t| Base::Key(t.at));
            let n = |others: &mut HashMap<(String, &'static str), usize>| {
                let n = others
                    .entry((keys.base(base).to_string(), kind))
                    .or_insert(0);
                *n += 1;
                *n
            };
            if let BlockKind::TableRow { table, .. } = &block.kind {
                let prefix = match tables.get(table) {
                    Some(prefix) => prefix.clone(),
                    None => {
                        let n = n(&mut others);
                        let prefix = keys.child_of(base, &format!("table{n}"));
                        tables.insert(*table, prefix.clone());
                        prefix
                    }
                };
                keys.child(Base::Path(&prefix), row_name.as_deref().unwrap_or("row"));
            } else {
                let n = n(&mut others);
                keys.child(base, &format!("{kind}{n}"));
            }
            continue;
        }
        match points.last_mut() {
            Some(point) => {
                point.paragraphs += 1;
                keys.paragraph(Base::Key(point.at), point.paragraphs);
            }
            None => {
                section_paragraphs += 1;
                keys.paragraph(section, section_paragraphs);
            }
        }
    }
    keys
}
