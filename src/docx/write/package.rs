//! The parts every .docx emend writes has, and the zip that holds them.
//!
//! The archive is the same bytes for the same text: entries in a fixed
//! order, with a fixed timestamp.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::export::xml::xml_text;

pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// What goes into the package besides the body.
pub(crate) struct Parts {
    /// The `<w:body>` content.
    pub body: String,
    /// `<w:abstractNum>` and `<w:num>` elements, if any paragraph is numbered.
    pub numbering: Option<String>,
    /// `<w:footnote>` elements of the real notes, if any.
    pub footnotes: Option<String>,
    pub title: String,
    /// BCP 47 language of the text, for spelling and hyphenation.
    pub language: Option<String>,
}

fn esc(s: &str) -> String {
    xml_text(s).0
}

fn styles(language: Option<&str>) -> String {
    let lang = language
        .filter(|l| crate::store::is_language_tag(l))
        .map(|l| format!(r#"<w:lang w:val="{}" w:bidi="{}"/>"#, esc(l), esc(l)))
        .unwrap_or_default();
    // Text in a right-to-left script runs from the right.
    let (bidi, rtl) = if language.is_some_and(crate::store::right_to_left) {
        ("<w:bidi/>", "<w:rtl/>")
    } else {
        ("", "")
    };
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:eastAsia="Noto Serif CJK SC" w:cs="Liberation Serif"/><w:sz w:val="24"/>{rtl}{lang}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{bidi}<w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/></w:style>
"#
    );
    const SIZES: [u32; 6] = [36, 32, 28, 26, 24, 24];
    for (i, size) in SIZES.iter().enumerate() {
        let n = i + 1;
        out.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{i}"/></w:pPr><w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>
"#
        ));
    }
    out.push_str(
        r#"<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"#,
    );
    out
}

/// Builds the .docx: content types, relationships, styles, settings, core
/// properties, the document, and numbering and footnotes where there are any.
pub(crate) fn package(parts: &Parts) -> Vec<u8> {
    let mut files: Vec<(&str, String)> = Vec::new();
    let mut overrides = String::new();
    let mut rels = String::new();
    let mut add_rel = |id: &str, kind: &str, target: &str| {
        rels.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL_BASE}/{kind}" Target="{target}"/>"#
        ));
    };
    add_rel("rId1", "styles", "styles.xml");
    add_rel("rId2", "settings", "settings.xml");
    let ct = |part: &str, kind: &str| {
        format!(
            r#"<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>"#
        )
    };
    overrides.push_str(&ct("word/document.xml", "document.main"));
    overrides.push_str(&ct("word/styles.xml", "styles"));
    overrides.push_str(&ct("word/settings.xml", "settings"));
    if let Some(n) = &parts.numbering {
        add_rel("rId3", "numbering", "numbering.xml");
        overrides.push_str(&ct("word/numbering.xml", "numbering"));
        files.push((
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">{n}</w:numbering>"#
            ),
        ));
    }
    if let Some(f) = &parts.footnotes {
        add_rel("rId4", "footnotes", "footnotes.xml");
        overrides.push_str(&ct("word/footnotes.xml", "footnotes"));
        files.push((
            "word/footnotes.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{f}</w:footnotes>"#
            ),
        ));
    }
    let footnote_pr = if parts.footnotes.is_some() {
        r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#
    } else {
        ""
    };
    files.push((
        "word/settings.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/>{footnote_pr}<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
        ),
    ));
    files.push(("word/styles.xml", styles(parts.language.as_deref())));
    files.push((
        "word/document.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
            parts.body
        ),
    ));
    files.push((
        "word/_rels/document.xml.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    ));
    let lang = parts
        .language
        .as_deref()
        .filter(|l| crate::store::is_language_tag(l))
        .map(|l| format!("<dc:language>{}</dc:language>", esc(l)))
        .unwrap_or_default();
    files.push((
        "docProps/core.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title>{lang}</cp:coreProperties>"#,
            esc(&parts.title)
        ),
    ));
    files.push((
        "_rels/.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_BASE}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
        ),
    ));
    overrides.push_str(r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#);
    files.insert(
        0,
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
            ),
        ),
    );
    zip_files(&files)
}

/// The files as a zip archive, deflated, with a fixed date.
fn zip_files(files: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, content) in files {
        // Writing into memory cannot fail.
        if zip.start_file(*name, options).is_ok() {
            let _ = zip.write_all(content.as_bytes());
        }
    }
    zip.finish()
        .map(|cursor| cursor.into_inner())
        .unwrap_or_default()
}
