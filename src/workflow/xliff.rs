//! An XLIFF file that emend exported, coming back translated: the version's text with
//! the units' new targets written in.
//!
//! A translator takes `emend export DOC VERSION --format xliff` (or `xliff12`) into a CAT tool,
//! translates or corrects the targets, and gives the file back. The file names the
//! document, the two versions and the revision it was cut from; at that revision the
//! two versions are aligned again exactly as the export aligned them, so each unit
//! (named by its row's source keys) finds its row. A unit whose target differs from
//! the version's text there replaces that row's paragraphs, each keeping what its
//! block writes before its words (a label, heading marks, a bullet); a unit whose row
//! had no translation gets new paragraphs after the previous row's, written as the
//! source writes its own. A unit with no target, or an empty one (as CAT tools leave
//! what they did not translate), changes nothing. Everything else in the text (what
//! no unit touched) stays byte for byte. A row of one paragraph gets one paragraph,
//! whatever lines the target was wrapped in; a row of several gets a paragraph per
//! line of the target, as the export wrote them.
//!
//! The text is made at the exported revision: proposed from there, a later change to
//! the version is merged with it by the review, as any proposal's is.

use std::collections::{HashMap, VecDeque};

use git2::Oid;

use super::export::{Paired, paired, unit_key};
use super::review::{block_end, line_start, written_with};
use super::{WorkflowError, Workspace};
use crate::diff::side_text;
use crate::docx::xml::{Node, walk};
use crate::store::VersionRef;
use crate::text::{Document, Kind};

/// What an XLIFF file says of itself, and its units.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct XliffFile {
    /// The `original` of its `<file>`: the document.
    original: Option<String>,
    /// The `<note category=…>`s of its `<file>`: versions, revision.
    notes: HashMap<String, String>,
    /// Each unit's name and its target's text (`None`: no `<target>`).
    units: Vec<(String, Option<String>)>,
    /// For each unit, whether the file marks it translated: every segment's state
    /// `translated`, `reviewed` or `final` (XLIFF 2), or the target's `translated`, `final`
    /// or `signed-off`, or the unit `approved="yes"` (XLIFF 1.2). A CAT tool marks so a
    /// segment its translator confirmed.
    done: Vec<bool>,
}

/// Whether a state a CAT tool writes (XLIFF 2's `<segment state>`, XLIFF 1.2's
/// `<target state>`) says the translation is done.
fn is_done(state: &str) -> bool {
    matches!(state, "translated" | "reviewed" | "final" | "signed-off")
}

/// True for a text that is an XLIFF document (its root element is `<xliff>`).
pub fn is_xliff(text: &str) -> bool {
    let mut rest = text.trim_start();
    // The XML declaration, comments and processing instructions before the root.
    while rest.starts_with("<?") || rest.starts_with("<!--") {
        let end = if rest.starts_with("<?") { "?>" } else { "-->" };
        match rest.find(end) {
            Some(at) => rest = rest[at + end.len()..].trim_start(),
            None => return false,
        }
    }
    rest.strip_prefix("<xliff")
        .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '>'))
}

/// Reads the notes and units of an XLIFF 2 or 1.2 file; `name` names it in errors. XLIFF
/// 1.2's units are `<trans-unit>`s, named by `resname`; its notes have no category, so a
/// note of the file's `<header>` that starts `category: ` (as emend writes them) is read
/// as that category's; the targets of `<alt-trans>` (a CAT tool's suggestions) are not
/// the unit's.
fn read(text: &str, name: &str) -> Result<XliffFile, WorkflowError> {
    let mut file = XliffFile::default();
    // Where the walk is: inside a note (its category and text so far), a unit, a target.
    let mut note: Option<(String, String)> = None;
    let mut unit: Option<(String, Option<String>)> = None;
    // The unit's states so far: all done, and whether one was seen.
    let mut done = (true, false);
    let mut in_target = false;
    // Inside an `<alt-trans>`, how deep.
    let mut in_alt = 0usize;
    // Inside an `<ignorable>` (the spaces between a unit's segments, once a CAT tool has
    // cut it into sentences): its source belongs to the target too.
    let mut in_ignorable = false;
    let mut in_ignorable_source = false;
    walk(text, name, "the XLIFF", |node| {
        match node {
            Node::Open { .. } | Node::Close { .. } if in_alt > 0 => match node {
                Node::Open {
                    name: "alt-trans", ..
                } => in_alt += 1,
                Node::Close {
                    name: "alt-trans", ..
                } => in_alt -= 1,
                _ => {}
            },
            Node::Open { name, attrs, .. } => match name {
                "file" if file.original.is_none() => {
                    file.original = attrs.get("original").map(str::to_string);
                }
                "note" => {
                    let category = attrs.get("category").unwrap_or_default().to_string();
                    note = Some((category, String::new()));
                }
                "unit" | "trans-unit" => {
                    let id = attrs
                        .get("name")
                        .or(attrs.get("resname"))
                        .or(attrs.get("id"))
                        .unwrap_or_default();
                    unit = Some((id.to_string(), None));
                    done = (true, attrs.get("approved") == Some("yes"));
                }
                "segment" if unit.is_some() => {
                    let state = attrs.get("state").unwrap_or("initial");
                    done = (done.0 && is_done(state), true);
                }
                "alt-trans" => in_alt = 1,
                "ignorable" => in_ignorable = true,
                "source" if in_ignorable => in_ignorable_source = true,
                "target" if in_ignorable => {}
                "target" => {
                    in_target = true;
                    if let Some(state) = attrs.get("state") {
                        done = (done.0 && is_done(state), true);
                    }
                    if let Some((_, target)) = &mut unit {
                        target.get_or_insert_with(String::new);
                    }
                }
                _ => {}
            },
            Node::Close { name, .. } => match name {
                "note" => {
                    if let Some((category, text)) = note.take()
                        && unit.is_none()
                    {
                        let (category, value) = match text.split_once(": ") {
                            Some((c, v)) if category.is_empty() => (c.trim().to_string(), v),
                            _ => (category, text.as_str()),
                        };
                        file.notes.entry(category).or_default().push_str(value);
                    }
                }
                "unit" | "trans-unit" => {
                    if let Some(u) = unit.take() {
                        file.units.push(u);
                        file.done.push(done.0 && done.1);
                    }
                }
                "target" => in_target = false,
                "ignorable" => in_ignorable = false,
                "source" => in_ignorable_source = false,
                _ => {}
            },
            Node::Text(_) if in_alt > 0 => {}
            Node::Text(t) => {
                if let Some((_, text)) = &mut note {
                    text.push_str(t);
                } else if (in_target || in_ignorable_source)
                    && let Some((_, Some(target))) = &mut unit
                {
                    target.push_str(t);
                }
            }
        }
        Ok(())
    })
    .map_err(|e| WorkflowError::BadXliff {
        file: name.to_string(),
        detail: match e {
            crate::docx::DocxError::Xml { message, .. } => {
                format!("it is not well-formed XML ({message})")
            }
            other => other.to_string(),
        },
    })?;
    Ok(file)
}

/// A version's text with an XLIFF file's translations written in.
#[derive(Debug, Clone)]
pub struct XliffText {
    /// The whole new text of the version.
    pub text: String,
    /// The revision the file was exported at, which the text is made from.
    pub base: Oid,
    /// Units whose targets changed the text.
    pub changed: usize,
    /// Units whose targets were the version's text already.
    pub unchanged: usize,
    /// The version's keys (at `base`) of the units whose targets were its text already and
    /// which the file marks translated: what a translator confirmed in the CAT tool.
    pub confirmed: Vec<String>,
}

/// The text of `version` of `doc` at the revision `xliff` (a file `name`) was exported
/// at, with the file's targets written in (see the module's documentation).
pub fn text_from_xliff(
    ws: &Workspace,
    doc: &str,
    version: &str,
    xliff: &str,
    name: &str,
) -> Result<XliffText, WorkflowError> {
    let file = read(xliff, name)?;
    let note = |category: &str, expected: Option<&str>| {
        let found = file.notes.get(category).map(|s| s.trim().to_string());
        match (found, expected) {
            (Some(f), Some(e)) if f != e => Err(WorkflowError::XliffMismatch {
                file: name.to_string(),
                what: category.trim_start_matches("target-").to_string(),
                expected: e.to_string(),
                found: f,
            }),
            (Some(f), _) => Ok(f),
            (None, _) => Err(WorkflowError::BadXliff {
                file: name.to_string(),
                detail: format!(
                    "it has no note of category {category} (emend writes one in every XLIFF it exports)"
                ),
            }),
        }
    };
    if let Some(original) = file.original.as_deref().filter(|o| *o != doc) {
        return Err(WorkflowError::XliffMismatch {
            file: name.to_string(),
            what: "document".to_string(),
            expected: doc.to_string(),
            found: original.to_string(),
        });
    }
    note("target-version", Some(version))?;
    let revision = note("revision", None)?;
    let source_id = note("source-version", None)?;
    let base = ws
        .store
        .resolve(&revision)
        .map_err(|_| WorkflowError::XliffRevision {
            file: name.to_string(),
            revision: revision.clone(),
        })?;
    let head = ws.head()?;
    if !ws.store.contains(head, base)? {
        return Err(WorkflowError::XliffRevision {
            file: name.to_string(),
            revision,
        });
    }
    let target = ws.load(
        doc,
        &VersionRef {
            version: version.to_string(),
            rev: Some(base.to_string()),
        },
    )?;
    let Paired {
        sdoc, tdoc, cmp, ..
    } = paired(ws, doc, &source_id, &target, base)?;

    // Each unit name, with the rows it names in order (a key that comes twice names two).
    let mut rows_named: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (k, row) in cmp.rows.iter().enumerate() {
        if !(row.a.is_empty() && row.b.is_empty()) {
            rows_named
                .entry(unit_key(row, &sdoc, &tdoc))
                .or_default()
                .push_back(k);
        }
    }
    let mut edits = Edits::default();
    let (mut changed, mut unchanged) = (0, 0);
    let mut confirmed = Vec::new();
    for ((unit, target), &done) in file.units.iter().zip(&file.done) {
        let k = rows_named
            .get_mut(unit)
            .and_then(VecDeque::pop_front)
            .ok_or_else(|| WorkflowError::XliffUnit {
                file: name.to_string(),
                unit: unit.clone(),
                version: version.to_string(),
                revision: base,
            })?;
        let Some(new) = target.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let row = &cmp.rows[k];
        // A row of one paragraph gets one, whatever lines a CAT tool wrapped it in (a
        // paragraph's words are compared with their spaces collapsed); a row of several
        // has them a line each, as the export wrote them.
        let one = if row.b.is_empty() {
            row.a.len() == 1
        } else {
            row.b.len() == 1
        };
        let collapsed;
        let paragraphs: Vec<&str> = if one {
            collapsed = new.split_whitespace().collect::<Vec<_>>().join(" ");
            vec![collapsed.as_str()]
        } else {
            new.split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect()
        };
        if !row.b.is_empty() && side_text(&tdoc, &row.b) == paragraphs.join("\n") {
            unchanged += 1;
            if done {
                confirmed.extend(row.b.iter().map(|&j| tdoc.segments[j].key.to_string()));
            }
            continue;
        }
        changed += 1;
        if row.b.is_empty() {
            // Where the row's translation goes: after the translation of the row before.
            let at = cmp.rows[..k]
                .iter()
                .rev()
                .find_map(|r| r.b.iter().max().map(|&j| block_end(&tdoc, j)))
                .unwrap_or(0);
            edits.insert(at, new_blocks(&sdoc, &row.a, &paragraphs));
        } else {
            edits.replace(&tdoc, &row.b, &paragraphs);
        }
    }
    let text = edits.apply(&tdoc.source);
    Ok(XliffText {
        text,
        base,
        changed,
        unchanged,
        confirmed,
    })
}

impl XliffText {
    /// Refuses, for a text that is to replace the version's current one, when the
    /// version changed since the file (`name`) was exported: a proposal is merged with
    /// such changes by its review; a new revision would undo them.
    pub fn refuse_if_changed_since(
        &self,
        ws: &Workspace,
        doc: &str,
        version: &str,
        name: &str,
    ) -> Result<(), WorkflowError> {
        let path = ws.layout.version_file(doc, version);
        let head = ws.head()?;
        if ws.store.blob_id_at(self.base, &path)? != ws.store.blob_id_at(head, &path)? {
            return Err(WorkflowError::ChangedSinceXliff {
                file: name.to_string(),
                doc: doc.to_string(),
                version: version.to_string(),
                revision: self.base,
            });
        }
        Ok(())
    }
}

/// New paragraphs for a row that had no translation, written as the source writes its
/// own segments (`a`): a heading as a heading, a point with its label. Paragraphs beyond
/// the source's segments are plain.
fn new_blocks(sdoc: &Document, a: &[usize], paragraphs: &[&str]) -> Vec<String> {
    paragraphs
        .iter()
        .enumerate()
        .map(|(n, words)| match a.get(n) {
            Some(&i) if sdoc.segments[i].kind != Kind::TableRow => written_with(sdoc, i, words),
            _ => (*words).to_string(),
        })
        .collect()
}

/// Replacements of byte ranges of a text, and blocks inserted at a place.
#[derive(Debug, Default)]
struct Edits {
    /// (start, end, new text), in any order; ranges do not overlap.
    pieces: Vec<(usize, usize, String)>,
}

impl Edits {
    /// Blocks inserted at `at` (the end of a block, or the start of the text).
    fn insert(&mut self, at: usize, blocks: Vec<String>) {
        let joined = blocks.join("\n\n");
        let text = if at == 0 {
            format!("{joined}\n\n")
        } else {
            format!("\n\n{joined}")
        };
        self.pieces.push((at, at, text));
    }

    /// The blocks of segments `b` of `doc` written with `paragraphs`: one each when
    /// their numbers agree; otherwise the paragraphs take the first block's place
    /// (after its opening) and the other blocks go.
    fn replace(&mut self, doc: &Document, b: &[usize], paragraphs: &[&str]) {
        let range = |j: usize| (line_start(doc, j), block_end(doc, j));
        if paragraphs.len() == b.len() {
            for (&j, words) in b.iter().zip(paragraphs) {
                let (start, end) = range(j);
                self.pieces.push((start, end, written_with(doc, j, words)));
            }
            return;
        }
        let (first, rest) = paragraphs.split_first().unwrap_or((&"", &[]));
        let mut text = written_with(doc, b[0], first);
        for p in rest {
            text.push_str("\n\n");
            text.push_str(p);
        }
        let (start, end) = range(b[0]);
        self.pieces.push((start, end, text));
        for &j in &b[1..] {
            // The block and what separates it from the block before.
            self.pieces
                .push((block_end(doc, j - 1), block_end(doc, j), String::new()));
        }
    }

    /// `source` with the edits made.
    fn apply(mut self, source: &str) -> String {
        self.pieces.sort_by_key(|&(start, end, _)| (start, end));
        let mut out = String::with_capacity(source.len());
        let mut at = 0;
        for (start, end, text) in self.pieces {
            let start = start.max(at);
            out.push_str(&source[at..start]);
            out.push_str(&text);
            at = end.max(start);
        }
        out.push_str(&source[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    #[test]
    fn an_xliff_is_known_by_its_root_element() {
        assert!(is_xliff(
            "<?xml version=\"1.0\"?>\n<!-- from OmegaT -->\n<xliff version=\"2.1\">"
        ));
        assert!(is_xliff("<xliff>"));
        assert!(!is_xliff("<xliffs>"));
        assert!(!is_xliff("# Article 1\n\n<xliff> is a format."));
        assert!(!is_xliff("<?xml version=\"1.0\"?><tmx version=\"1.4\">"));
    }

    #[test]
    fn a_unit_cut_into_sentences_by_a_cat_tool_reads_as_one_target() {
        let xml = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr">
<file id="f-udhr" original="udhr">
  <notes><note category="target-version">fr</note><note category="revision">abc</note></notes>
  <unit id="u-1_B6_1" name="1¶1">
    <segment><source>All are born free.</source><target>Tous naissent libres &amp; égaux.</target></segment>
    <ignorable><source> </source></ignorable>
    <segment><source>They have reason.</source><target>Ils sont doués de <pc id="1">raison</pc>.</target></segment>
  </unit>
  <unit id="u-2"><segment><source>Article 2</source></segment></unit>
  <unit id="u-3" name="3"><segment><source>Article 3</source><target/></segment></unit>
</file>
</xliff>"#;
        let file = read(xml, "fr.xlf").unwrap();
        assert_eq!(file.original.as_deref(), Some("udhr"));
        assert_eq!(file.notes["target-version"], "fr");
        assert_eq!(
            file.units,
            [
                (
                    "1¶1".to_string(),
                    Some("Tous naissent libres & égaux. Ils sont doués de raison.".to_string())
                ),
                ("u-2".to_string(), None),
                ("3".to_string(), Some(String::new())),
            ]
        );
        let err = read(&xml[..400], "fr.xlf").unwrap_err().to_string();
        assert!(
            err.starts_with("fr.xlf: not an XLIFF file emend exported: it is not well-formed XML"),
            "{err}"
        );
    }

    #[test]
    fn a_unit_is_marked_translated_only_when_all_its_segments_are() {
        let xml = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f">
  <unit id="u-1" name="1"><segment state="translated"><source>A.</source><target>A.</target></segment>
    <segment state="final"><source>B.</source><target>B.</target></segment></unit>
  <unit id="u-2" name="2"><segment state="reviewed"><source>A.</source><target>A.</target></segment>
    <segment state="initial"><source>B.</source><target>B.</target></segment></unit>
  <unit id="u-3" name="3"><segment><source>A.</source><target>A.</target></segment></unit>
</file></xliff>"#;
        assert_eq!(read(xml, "a.xlf").unwrap().done, [true, false, false]);
        let xml12 = r#"<xliff version="1.2"><file original="udhr" source-language="en"><body>
  <trans-unit id="1" resname="1" approved="yes"><source>A.</source><target>A.</target></trans-unit>
  <trans-unit id="2" resname="2"><source>A.</source><target state="signed-off">A.</target></trans-unit>
  <trans-unit id="3" resname="3"><source>A.</source><target state="needs-translation">A.</target></trans-unit>
  <trans-unit id="4" resname="4"><source>A.</source><target>A.</target></trans-unit>
</body></file></xliff>"#;
        assert_eq!(
            read(xml12, "a.xlf").unwrap().done,
            [true, true, false, false]
        );
    }

    #[test]
    fn paragraphs_replace_blocks_keeping_what_each_writes_before_its_words() {
        let doc = segment("# Title\n\n1. First point,\n   wrapped.\n\n> Quoted.\n\nLast.\n");
        let mut edits = Edits::default();
        edits.replace(&doc, &[0], &["Titre"]);
        edits.replace(&doc, &[1], &["Premier point."]);
        edits.replace(&doc, &[2], &["Cité."]);
        assert_eq!(
            edits.apply(&doc.source),
            "# Titre\n\n1. Premier point.\n\n> Cité.\n\nLast.\n"
        );
        // Two paragraphs for one row of two: each its own; one for two: the second goes.
        let mut edits = Edits::default();
        edits.replace(&doc, &[1, 2], &["Un.", "Deux."]);
        assert_eq!(
            edits.apply(&doc.source),
            "# Title\n\n1. Un.\n\n> Deux.\n\nLast.\n"
        );
        let mut edits = Edits::default();
        edits.replace(&doc, &[1, 2], &["Un et deux."]);
        assert_eq!(
            edits.apply(&doc.source),
            "# Title\n\n1. Un et deux.\n\nLast.\n"
        );
        // A row that had no translation, after the block before it.
        let source = segment("# Title\n\n## Article 3\n\n3. Everyone has the right to life.\n");
        let mut edits = Edits::default();
        edits.insert(
            block_end(&doc, 0),
            new_blocks(
                &source,
                &[1, 2],
                &["Article 3", "Tout individu a droit à la vie."],
            ),
        );
        assert_eq!(
            edits.apply(&doc.source),
            "# Title\n\n## Article 3\n\n3. Tout individu a droit à la vie.\n\n1. First point,\n   wrapped.\n\n> Quoted.\n\nLast.\n"
        );
    }
}
