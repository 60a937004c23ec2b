//! The .docx container: a zip archive of XML parts, opened with a size limit.
//!
//! A .docx is small when compressed and can be made to inflate without end (a
//! zip bomb). Every part is read through a budget shared by the whole
//! document: a part whose declared size would exceed what is left is refused
//! before it is inflated, and the bytes actually inflated are counted too, so
//! a lying header cannot get past the limit either.

use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use super::DocxError;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    /// A zip archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one): maybe a .docx.
    Zip,
    /// An OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`): a password-protected
    /// .docx, or an old binary .doc.
    Ole,
    /// Anything else (text, for emend).
    Other,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells a zip archive and an OLE compound file from anything else by their first bytes.
pub fn sniff(head: &[u8]) -> Sniff {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Sniff::Zip
    } else if head.starts_with(&OLE_MAGIC) {
        Sniff::Ole
    } else {
        Sniff::Other
    }
}

/// An opened .docx: the archive and what is left of the size budget.
pub(crate) struct Package<'b> {
    name: String,
    zip: ZipArchive<Cursor<&'b [u8]>>,
    budget: u64,
    limit: u64,
}

/// The main document part, unless `_rels/.rels` names another one.
const DEFAULT_MAIN_PART: &str = "word/document.xml";

impl<'b> Package<'b> {
    /// Opens `bytes` as a .docx named `name` (for messages), with `limit`
    /// bytes of inflated XML allowed in all.
    pub(crate) fn open(bytes: &'b [u8], name: &str, limit: u64) -> Result<Package<'b>, DocxError> {
        match sniff(bytes) {
            Sniff::Zip => {}
            Sniff::Ole => {
                return Err(DocxError::Ole {
                    name: name.to_string(),
                });
            }
            Sniff::Other => {
                return Err(DocxError::NotZip {
                    name: name.to_string(),
                });
            }
        }
        if bytes.len() as u64 > limit {
            return Err(DocxError::TooLarge {
                name: name.to_string(),
                part: "the file".to_string(),
                limit,
            });
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip {
            name: name.to_string(),
            message: e.to_string(),
        })?;
        Ok(Package {
            name: name.to_string(),
            zip,
            budget: limit,
            limit,
        })
    }

    /// The name given to [`Package::open`].
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The text of the part at `path` inside the archive, or `None` if there is none.
    pub(crate) fn part(&mut self, path: &str) -> Result<Option<String>, DocxError> {
        let name = self.name.clone();
        let mut file = match self.zip.by_name(path) {
            Ok(f) => f,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(DocxError::Zip {
                    name,
                    message: e.to_string(),
                });
            }
        };
        if file.encrypted() {
            return Err(DocxError::Ole {
                name: self.name.clone(),
            });
        }
        let too_large = || DocxError::TooLarge {
            name: self.name.clone(),
            part: path.to_string(),
            limit: self.limit,
        };
        if file.size() > self.budget {
            return Err(too_large());
        }
        // Never trust the declared size: read at most one byte past the budget.
        let mut bytes = Vec::with_capacity(file.size().min(1 << 24) as usize);
        (&mut file)
            .take(self.budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| DocxError::Zip {
                name: self.name.clone(),
                message: format!("{path}: {e}"),
            })?;
        if bytes.len() as u64 > self.budget {
            return Err(too_large());
        }
        self.budget -= bytes.len() as u64;
        let text = String::from_utf8(bytes).map_err(|e| DocxError::Xml {
            name: self.name.clone(),
            part: path.to_string(),
            message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })?;
        Ok(Some(text))
    }

    /// The main document part's path: from the package relationships, else `word/document.xml`.
    pub(crate) fn main_part(&mut self) -> Result<String, DocxError> {
        let rels = self.part("_rels/.rels")?;
        let target = rels.as_deref().and_then(|r| {
            super::xml::relationships(r)
                .into_iter()
                .find(|(kind, _, _)| kind.ends_with("/officeDocument"))
                .map(|(_, _, target)| target.trim_start_matches('/').to_string())
        });
        let path = target.unwrap_or_else(|| DEFAULT_MAIN_PART.to_string());
        if self.zip.index_for_name(&path).is_none() {
            return Err(DocxError::NoDocument {
                name: self.name.clone(),
                part: path,
            });
        }
        Ok(path)
    }
}

/// The path of a part related to `source` by a relationship `target`
/// (relative to the source's folder): `word/document.xml` + `numbering.xml`
/// → `word/numbering.xml`.
pub(crate) fn resolve_target(source: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = source.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The relationships file of a part: `word/document.xml` → `word/_rels/document.xml.rels`.
pub(crate) fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Reads a file for [`super::read_docx`], refusing one larger than `limit` before reading it.
pub(crate) fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, DocxError> {
    let name = path.display().to_string();
    let io = |source| DocxError::Io {
        name: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(DocxError::TooLarge {
            name,
            part: "the file".to_string(),
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_tells_zip_ole_and_text_apart() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniff::Zip);
        assert_eq!(sniff(&OLE_MAGIC), Sniff::Ole);
        assert_eq!(sniff(b"# Title\n"), Sniff::Other);
        assert_eq!(sniff(b"PK"), Sniff::Other);
    }

    /// A zip of one `word/document.xml` holding `size` spaces, deflated.
    fn zip_of_spaces(size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(&vec![b' '; size]).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_past_the_budget_is_refused_by_its_header_or_by_its_bytes() {
        let honest = zip_of_spaces(64 << 10);
        let mut pkg = Package::open(&honest, "bomb.docx", 1000).unwrap();
        assert!(matches!(
            pkg.part("word/document.xml"),
            Err(DocxError::TooLarge { .. })
        ));
        // The same archive claiming 10 bytes in both headers: inflating stops past the budget.
        let mut lying = honest.clone();
        let local = 22;
        lying[local..local + 4].copy_from_slice(&10u32.to_le_bytes());
        let central = lying.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        lying[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        let mut pkg = Package::open(&lying, "bomb.docx", 1000).unwrap();
        // The zip reader stops at the declared size, and our budget at the limit: either refuses.
        match pkg.part("word/document.xml") {
            Err(DocxError::TooLarge { .. }) => {}
            Err(DocxError::Zip { message, .. }) => {
                assert!(message.contains("larger than its declared"), "{message}");
            }
            other => panic!("not refused: {:?}", other.map(|t| t.map(|t| t.len()))),
        }
        // Within budget, it reads.
        let mut pkg = Package::open(&honest, "ok.docx", 1 << 20).unwrap();
        assert_eq!(
            pkg.part("word/document.xml").unwrap().map(|t| t.len()),
            Some(64 << 10)
        );
    }

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(
            resolve_target("word/document.xml", "numbering.xml"),
            "word/numbering.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/x.xml"),
            "word/x.xml"
        );
        assert_eq!(
            rels_path("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
    }
}
