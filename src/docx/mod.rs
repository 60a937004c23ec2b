//! Word documents (.docx): read into the Markdown emend stores, and written
//! from a version (a clean document) or from a diff (tracked changes).
//!
//! Reading ([`read_docx`]) keeps what emend keys and compares on: headings,
//! paragraphs, Word's automatic numbering rendered into point labels, tables
//! and footnotes. A document that still holds tracked changes is refused
//! unless the caller says to accept or reject them ([`TrackedChanges`]).
//! Every part is read within a size budget ([`ReadOptions::limit`]), so a zip
//! bomb is refused instead of filling memory.
//!
//! Writing: [`export_docx`] writes a version with real headings and real
//! automatic numbering; [`tracked_docx`] writes B's text with every change
//! from A as a Word tracked change, each row's keys as a bookmark;
//! [`review::read_review`] reads back what an editor decided in such a file.

mod body;
mod container;
mod markdown;
mod numbering;
pub mod review;
mod styles;
mod write;
pub(crate) mod xml;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::text::TextError;

pub use container::{Sniff, sniff};
pub use write::{ChangeAuthor, WrittenDocx, export_docx, tracked_docx};

/// The most bytes read from one .docx by default: the file itself, and all the
/// XML it inflates to. The input limit every file has ([`crate::input`]).
pub const DEFAULT_INPUT_LIMIT: u64 = crate::input::DEFAULT_MAX_INPUT;

/// What to do with tracked changes in a document that is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrackedChanges {
    /// Refuse a document that holds any ([`DocxError::TrackedChanges`]).
    #[default]
    Refuse,
    /// Read the text as if every change were accepted.
    Accept,
    /// Read the text as if every change were rejected.
    Reject,
}

/// How to read a .docx.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    pub changes: TrackedChanges,
    /// The most bytes of file and of inflated XML, in all.
    pub limit: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            changes: TrackedChanges::Refuse,
            limit: DEFAULT_INPUT_LIMIT,
        }
    }
}

/// Why a .docx could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error(
        "{name}: not a Word document: a .docx is a zip archive, and this file is not one; give a .docx saved by Word or LibreOffice, or a UTF-8 text file"
    )]
    NotZip { name: String },
    #[error(
        "{name}: an encrypted Word document or an old binary .doc (an OLE compound file); emend reads .docx only: remove the password, or save it as .docx (Word Document) in Word or LibreOffice"
    )]
    Ole { name: String },
    #[error(
        "{name}: a zip archive without {part}, so not a Word document; give a .docx saved by Word or LibreOffice"
    )]
    NoDocument { name: String, part: String },
    #[error(
        "{name}: {part} is larger than the input limit of {limit} bytes (once inflated, for a part of the archive); refused, as a zip bomb would be"
    )]
    TooLarge {
        name: String,
        part: String,
        limit: u64,
    },
    #[error(
        "{name}: a broken zip archive ({message}); save the document again in Word or LibreOffice"
    )]
    Zip { name: String, message: String },
    #[error(
        "{name}: {part} is not well-formed XML ({message}); save the document again in Word or LibreOffice"
    )]
    Xml {
        name: String,
        part: String,
        message: String,
    },
    #[error(
        "{name}: the document holds {count} tracked change{plural}{by}; accept or reject them in Word first",
        plural = if *count == 1 { "" } else { "s" },
        by = if authors.is_empty() { String::new() } else { format!(" (by {})", authors.join(", ")) }
    )]
    TrackedChanges {
        name: String,
        count: usize,
        authors: Vec<String>,
    },
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
}

/// Everything read from a .docx, tracked changes still marked.
pub(crate) struct Package {
    pub body: Vec<body::Block>,
    pub notes: HashMap<String, Vec<body::Block>>,
    pub styles: styles::Styles,
    pub numbering: numbering::Numbering,
    pub changes: usize,
    pub authors: BTreeSet<String>,
}

/// Opens a .docx and reads its body, notes, styles and numbering.
pub(crate) fn load(bytes: &[u8], name: &str, limit: u64) -> Result<Package, DocxError> {
    let mut zip = container::Package::open(bytes, name, limit)?;
    let main = zip.main_part()?;
    let rels = zip
        .part(&container::rels_path(&main))?
        .map(|r| xml::relationships(&r))
        .unwrap_or_default();
    let related = |kind: &str, fallback: &str| {
        rels.iter()
            .find(|(t, _, _)| t.rsplit('/').next() == Some(kind))
            .map(|(_, _, target)| container::resolve_target(&main, target))
            .unwrap_or_else(|| container::resolve_target(&main, fallback))
    };
    let (styles_path, numbering_path) = (
        related("styles", "styles.xml"),
        related("numbering", "numbering.xml"),
    );
    let (footnotes_path, endnotes_path) = (
        related("footnotes", "footnotes.xml"),
        related("endnotes", "endnotes.xml"),
    );
    let document = zip.part(&main)?.unwrap_or_default();
    let doc_name = zip.name().to_string();
    let styles = match zip.part(&styles_path)? {
        Some(x) => styles::Styles::parse(&x, &doc_name, &styles_path)?,
        None => styles::Styles::default(),
    };
    let numbering = match zip.part(&numbering_path)? {
        Some(x) => numbering::Numbering::parse(&x, &doc_name, &numbering_path)?,
        None => numbering::Numbering::default(),
    };
    let parsed = body::parse(&document, &doc_name, &main, false)?;
    let mut changes = parsed.changes;
    let mut authors = parsed.authors;
    let mut notes = HashMap::new();
    for (path, endnotes) in [(footnotes_path, false), (endnotes_path, true)] {
        if let Some(x) = zip.part(&path)? {
            let n = body::parse(&x, &doc_name, &path, endnotes)?;
            changes += n.changes;
            authors.extend(n.authors);
            notes.extend(n.notes);
        }
    }
    Ok(Package {
        body: parsed.blocks,
        notes,
        styles,
        numbering,
        changes,
        authors,
    })
}

impl Package {
    /// The Markdown of the document with its changes accepted (`accept`) or rejected.
    pub(crate) fn markdown(&self, accept: bool) -> String {
        let body = markdown::resolve(&self.body, accept);
        let notes: HashMap<String, Vec<body::Block>> = self
            .notes
            .iter()
            .map(|(id, blocks)| (id.clone(), markdown::resolve(blocks, accept)))
            .collect();
        markdown::render(
            &body,
            &notes,
            &markdown::Context {
                styles: &self.styles,
                numbering: &self.numbering,
            },
        )
    }
}

/// Reads the .docx in `bytes` (named `name` in messages) as Markdown.
pub fn read_docx(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<String, DocxError> {
    let package = load(bytes, name, options.limit)?;
    let accept = match options.changes {
        TrackedChanges::Refuse if package.changes > 0 => {
            return Err(DocxError::TrackedChanges {
                name: name.to_string(),
                count: package.changes,
                authors: package.authors.into_iter().collect(),
            });
        }
        TrackedChanges::Refuse | TrackedChanges::Accept => true,
        TrackedChanges::Reject => false,
    };
    Ok(package.markdown(accept))
}

/// Reads the .docx at `path` as Markdown; a file larger than the limit is refused unread.
pub fn read_docx_file(path: &Path, options: &ReadOptions) -> Result<String, DocxError> {
    let bytes = container::read_file(path, options.limit)?;
    read_docx(&bytes, &path.display().to_string(), options)
}

/// Why a file to compare or to store could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Nothing is at the path.
    #[error("{}: no such file", path.display())]
    Missing { path: PathBuf },
    #[error(transparent)]
    Docx(#[from] DocxError),
    #[error(transparent)]
    Text(#[from] TextError),
}

/// Reads a file emend is given to compare or to store: a Word document (see
/// [`is_word_file`]) as Markdown, anything else as UTF-8 text ([`crate::text::read_file`]).
pub fn read_text_or_docx(path: &Path, options: &ReadOptions) -> Result<String, ReadError> {
    if is_word_file(path) {
        return Ok(read_docx_file(path, options)?);
    }
    if !path.exists() {
        return Err(ReadError::Missing {
            path: path.to_path_buf(),
        });
    }
    Ok(crate::text::read_file(path)?)
}

/// Reads `bytes` emend was given through a pipe (named `name` in messages): a Word
/// document when they start like one (a zip archive, or an OLE file, which is refused
/// with its advice), anything else as UTF-8 text.
pub fn read_text_or_docx_bytes(
    bytes: Vec<u8>,
    name: &str,
    options: &ReadOptions,
) -> Result<String, ReadError> {
    if container::sniff(&bytes[..bytes.len().min(8)]) != container::Sniff::Other {
        return Ok(read_docx(&bytes, name, options)?);
    }
    Ok(crate::text::decode_owned(bytes, name)?)
}

/// True when `path` is a regular file that should be read as a Word
/// document: it starts like a zip archive or an OLE compound file, or its
/// name ends in `.docx`. Anything else (a FIFO, standard input, a missing
/// file) is left to the text reader.
pub fn is_word_file(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    named || sniff(&head[..n]) != Sniff::Other
}
