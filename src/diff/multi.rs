//! Comparing many versions at once: an N-way alignment table.
//!
//! The first version is the pivot. Every other version is aligned with it
//! (by key, and by content where the languages agree, as in a two-way diff),
//! and the pairwise rows are merged into one table: one row per group of
//! pivot segments, with each version's segments in its column. Pivot segments
//! that any version pairs together (a merge or split) share one table row;
//! segments a version adds stand in rows of their own, after the pivot row
//! they follow.

use rayon::prelude::*;
use serde::Serialize;

use super::compare::{CompareOptions, Status, align_rows, side_text};
use super::words::{Op, diff_words};
use crate::align::Mode;
use crate::text::Document;

/// One version in a table.
pub struct Column<'a> {
    pub doc: &'a Document,
    /// BCP 47 tag, when known.
    pub language: Option<String>,
}

/// One cell: a version's segments in a row, compared with the pivot's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Segment indices in this column's document.
    #[serde(skip)]
    pub segments: Vec<usize>,
    /// How the cell compares with the pivot's cell (`None` for the pivot itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    pub moved: bool,
    /// Word ops pivot → this cell, for a same-language column that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<Vec<Op>>,
}

/// A row of the table: one cell per column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub cells: Vec<Cell>,
}

impl TableRow {
    /// The row's name: the keys of the first version that has segments in it (`2¶3 + 2¶4`).
    pub fn keys(&self, docs: &[&Document]) -> String {
        self.cells
            .iter()
            .zip(docs)
            .map(|(c, d)| {
                c.segments
                    .iter()
                    .map(|&i| d.segments[i].key.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .find(|k| !k.is_empty())
            .unwrap_or_default()
    }
}

/// The N-way alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<TableRow>,
    /// Per column: compared word by word with the pivot (same language).
    pub same_language: Vec<bool>,
    /// The column every other one is compared with (its cells have no status).
    pub reference: usize,
}

/// Union-find over pivot segments, for rows that several versions group differently.
fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut y = x;
    while parent[y] != root {
        let next = parent[y];
        parent[y] = root;
        y = next;
    }
    root
}

/// Aligns every column with the first and merges the results into one table.
pub fn compare_many(columns: &[Column<'_>], options: &CompareOptions) -> Table {
    let Some(pivot) = columns.first() else {
        return Table {
            rows: Vec::new(),
            same_language: Vec::new(),
            reference: 0,
        };
    };
    let np = pivot.doc.segments.len();
    let pairwise: Vec<_> = columns[1..]
        .par_iter()
        .map(|c| {
            let mut opts = *options;
            if let Some(mode) = Mode::for_tags(pivot.language.as_deref(), c.language.as_deref()) {
                opts.mode = Some(mode);
            }
            // Only the rows are needed: the cells' words are compared below.
            align_rows(pivot.doc, c.doc, &opts)
        })
        .collect();
    let mut same_language = vec![true];
    same_language.extend(pairwise.iter().map(|c| c.0 == Mode::SameLanguage));

    // Group pivot segments that any version keeps together.
    let mut parent: Vec<usize> = (0..np).collect();
    for (_, rows) in &pairwise {
        for row in rows {
            for w in row.a.windows(2) {
                let (x, y) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
                parent[y.max(x)] = x.min(y);
            }
        }
    }
    // Table rows for pivot groups, in pivot order.
    let mut group_row: Vec<usize> = vec![usize::MAX; np];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..np {
        let root = find(&mut parent, i);
        if group_row[root] == usize::MAX {
            group_row[root] = groups.len();
            groups.push(Vec::new());
        }
        let g = group_row[root];
        group_row[i] = g;
        groups[g].push(i);
    }
    let ncols = columns.len();
    let empty = Cell {
        segments: Vec::new(),
        status: None,
        moved: false,
        ops: None,
    };
    // Cells of each pivot group, and the extra rows each version adds after a group (usize::MAX: before the first).
    let mut cells: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            let mut row = vec![empty.clone(); ncols];
            row[0].segments = g.clone();
            row
        })
        .collect();
    let mut extra: Vec<(usize, usize, Vec<Cell>)> = Vec::new();
    for (k, (_, rows)) in pairwise.iter().enumerate() {
        let col = k + 1;
        let mut last_group: usize = usize::MAX;
        for row in rows {
            match row.a.first() {
                Some(&i) => {
                    let g = group_row[i];
                    last_group = g;
                    let cell = &mut cells[g][col];
                    cell.segments.extend(row.b.iter().copied());
                    cell.moved |= row.moved;
                }
                None => {
                    let mut new_row = vec![empty.clone(); ncols];
                    new_row[col].segments = row.b.to_vec();
                    new_row[col].status = Some(Status::Added);
                    new_row[col].moved = row.moved;
                    extra.push((last_group, col, new_row));
                }
            }
        }
    }
    // Assemble in pivot order, each group followed by what versions added after it.
    let mut rows: Vec<TableRow> = Vec::with_capacity(groups.len() + extra.len());
    let mut extra_after: Vec<Vec<Vec<Cell>>> = vec![Vec::new(); groups.len() + 1];
    for (g, _, row) in extra {
        let slot = if g == usize::MAX { groups.len() } else { g };
        extra_after[slot].push(row);
    }
    for row in extra_after[groups.len()].drain(..) {
        rows.push(TableRow { cells: row });
    }
    for (g, row) in cells.into_iter().enumerate() {
        rows.push(TableRow { cells: row });
        for row in extra_after[g].drain(..) {
            rows.push(TableRow { cells: row });
        }
    }
    // Status and word marks of each cell against the pivot's cell.
    rows.par_iter_mut().for_each(|row| {
        let pivot_text = side_text(pivot.doc, &row.cells[0].segments);
        let pivot_empty = row.cells[0].segments.is_empty();
        for (col, cell) in row.cells.iter_mut().enumerate().skip(1) {
            if cell.status.is_some() {
                continue;
            }
            let text = side_text(columns[col].doc, &cell.segments);
            cell.status = Some(match (pivot_empty, cell.segments.is_empty()) {
                (_, true) => Status::Removed,
                (true, false) => Status::Added,
                _ if !same_language[col] => Status::Aligned,
                _ if options.ignore.comparable(&pivot_text) == options.ignore.comparable(&text) => {
                    Status::Unchanged
                }
                _ => {
                    let words = diff_words(&pivot_text, &text, options.word_budget);
                    cell.ops = Some(words.ops);
                    Status::Changed
                }
            });
        }
    });
    Table {
        rows,
        same_language,
        reference: 0,
    }
}

/// [`compare_many`] with column `reference` as the pivot, the columns kept in
/// the order given: every other version is aligned with `reference`, and its
/// cells say what it deleted from and inserted into the reference's text.
pub fn compare_many_against(
    columns: &[Column<'_>],
    reference: usize,
    options: &CompareOptions,
) -> Table {
    let n = columns.len();
    if reference == 0 || reference >= n {
        return compare_many(columns, options);
    }
    // Position p of the reordered columns holds column order[p].
    let order: Vec<usize> = std::iter::once(reference)
        .chain((0..n).filter(|&i| i != reference))
        .collect();
    let reordered: Vec<Column<'_>> = order
        .iter()
        .map(|&i| Column {
            doc: columns[i].doc,
            language: columns[i].language.clone(),
        })
        .collect();
    let mut table = compare_many(&reordered, options);
    let back = |items: Vec<Cell>| {
        let mut out: Vec<Option<Cell>> = vec![None; n];
        for (p, item) in items.into_iter().enumerate() {
            out[order[p]] = Some(item);
        }
        out.into_iter().flatten().collect::<Vec<Cell>>()
    };
    for row in &mut table.rows {
        row.cells = back(std::mem::take(&mut row.cells));
    }
    let mut same = vec![false; n];
    for (p, s) in table.same_language.iter().enumerate() {
        same[order[p]] = *s;
    }
    table.same_language = same;
    table.reference = reference;
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::OpKind;
    use crate::text::segment;

    fn col<'a>(doc: &'a Document, lang: &str) -> Column<'a> {
        Column {
            doc,
            language: Some(lang.to_string()),
        }
    }

    #[test]
    fn three_drafts_one_row_per_point() {
        let a = segment("1. Alpha one.\n\n2. Beta two.\n\n3. Gamma three.\n");
        let b = segment("1. Alpha one.\n\n2. Beta 2.\n\n3. Gamma three.\n");
        let c = segment("1. Alpha one.\n\n2. Beta two.\n\n3. Gamma three.\n\n4. Delta four.\n");
        let t = compare_many(
            &[col(&a, "en"), col(&b, "en"), col(&c, "en")],
            &CompareOptions::default(),
        );
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[1].cells[1].status, Some(Status::Changed));
        assert_eq!(t.rows[1].cells[2].status, Some(Status::Unchanged));
        assert_eq!(t.rows[3].cells[2].status, Some(Status::Added));
        assert!(t.rows[3].cells[0].segments.is_empty());
        let ops = t.rows[1].cells[1].ops.as_ref().unwrap();
        assert!(ops.iter().any(|o| o.text == "2"));
    }

    #[test]
    fn a_merge_in_one_version_groups_the_pivot_row() {
        let a = segment("First part of it.\n\nsecond part of it.\n\nOther.\n");
        let b = segment("First part of it. second part of it.\n\nOther.\n");
        let c = segment("First part of it.\n\nsecond part of it.\n\nOther.\n");
        let t = compare_many(
            &[col(&a, "en"), col(&b, "en"), col(&c, "en")],
            &CompareOptions::default(),
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0].segments, [0, 1]);
        assert_eq!(t.rows[0].cells[1].segments, [0]);
        assert_eq!(t.rows[0].cells[2].segments, [0, 1]);
    }

    #[test]
    fn against_a_named_column_marks_what_each_version_did_to_it() {
        let kjv = segment("1. Now it came to pass in the days when the judges ruled.\n");
        let web = segment("1. In the days when the judges judged.\n");
        let t = compare_many_against(
            &[col(&kjv, "en"), col(&web, "en")],
            1,
            &CompareOptions::default(),
        );
        assert_eq!(t.reference, 1);
        assert_eq!(t.rows[0].cells[1].status, None);
        assert_eq!(t.rows[0].cells[0].status, Some(Status::Changed));
        let ops = t.rows[0].cells[0].ops.as_ref().unwrap();
        // Against WEB, the KJV inserted "Now it came to pass" and deleted "judged".
        assert!(
            ops.iter()
                .any(|o| o.op == OpKind::Insert && o.text.contains("Now it came to pass"))
        );
        assert!(
            ops.iter()
                .any(|o| o.op == OpKind::Delete && o.text.contains("judged"))
        );
    }
}
