//! The JSON of `compare`: the N-way table, written row by row as it is
//! serialised (nothing is built in memory first). Fields are in alphabetical
//! order, as the table's JSON has always been printed.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::diff::{Cell, Op, Status, Table, side_text};
use crate::render::SideLabel;
use crate::text::Document;

/// The object printed by `emend compare --format json`.
#[derive(Debug, Serialize)]
pub struct TableJson<'a> {
    pub columns: Vec<ColumnJson<'a>>,
    /// The column every other one is compared with.
    pub reference: usize,
    pub rows: TableRowsJson<'a>,
}

/// One column of [`TableJson`].
#[derive(Debug, Serialize)]
pub struct ColumnJson<'a> {
    /// Compared word by word with the reference (same language).
    pub compared: bool,
    pub label: &'a str,
    pub language: Option<&'a str>,
}

/// The rows of [`TableJson`], serialised straight from the table.
#[derive(Debug, Clone, Copy)]
pub struct TableRowsJson<'a> {
    docs: &'a [&'a Document],
    table: &'a Table,
}

impl Serialize for TableRowsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut rows = s.serialize_seq(Some(self.table.rows.len()))?;
        for row in &self.table.rows {
            let cells: Vec<CellJson<'_>> = row
                .cells
                .iter()
                .zip(self.docs)
                .map(|(cell, doc)| CellJson { doc, cell })
                .collect();
            rows.serialize_element(&RowJson { cells })?;
        }
        rows.end()
    }
}

#[derive(Debug, Serialize)]
struct RowJson<'a> {
    cells: Vec<CellJson<'a>>,
}

/// One cell: `keys`, `moved`, `ops` (where compared and different), `status`
/// (but in the reference column) and `text`.
#[derive(Debug)]
struct CellJson<'a> {
    doc: &'a Document,
    cell: &'a Cell,
}

impl Serialize for CellJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Cell {
            segments,
            status,
            moved,
            ops,
        } = self.cell;
        let keys: Vec<&str> = segments
            .iter()
            .map(|&i| self.doc.segments[i].key.as_str())
            .collect();
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("keys", &keys)?;
        map.serialize_entry("moved", moved)?;
        if let Some(ops) = ops {
            map.serialize_entry("ops", &OpsJson(ops))?;
        }
        if let Some(status) = status {
            map.serialize_entry("status", &StatusJson(*status))?;
        }
        map.serialize_entry("text", &side_text(self.doc, segments))?;
        map.end()
    }
}

struct StatusJson(Status);

impl Serialize for StatusJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

/// Word ops, each `{"moved": true, "op", "text"}` (`moved` only when set).
struct OpsJson<'a>(&'a [Op]);

impl Serialize for OpsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for op in self.0 {
            seq.serialize_element(&OpJson(op))?;
        }
        seq.end()
    }
}

struct OpJson<'a>(&'a Op);

impl Serialize for OpJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if self.0.moved {
            map.serialize_entry("moved", &true)?;
        }
        map.serialize_entry("op", &self.0.op)?;
        map.serialize_entry("text", &self.0.text)?;
        map.end()
    }
}

/// The JSON form of a table (see [`TableJson`]).
pub fn table_json<'a>(
    labels: &'a [SideLabel],
    docs: &'a [&'a Document],
    table: &'a Table,
) -> TableJson<'a> {
    TableJson {
        columns: labels
            .iter()
            .zip(&table.same_language)
            .map(|(l, &compared)| ColumnJson {
                compared,
                label: &l.label,
                language: l.language.as_deref(),
            })
            .collect(),
        reference: table.reference,
        rows: TableRowsJson { docs, table },
    }
}
