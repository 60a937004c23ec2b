//! `styles.xml`: which paragraph styles are headings, and which carry numbering.

use std::collections::HashMap;

use super::DocxError;
use super::xml::{Node, Ns, walk};

/// Numbering named by a paragraph or a style: `w:numPr`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NumPr {
    /// `w:numId`; `"0"` switches numbering off.
    pub num_id: Option<String>,
    /// `w:ilvl`, the list level (0-8).
    pub ilvl: Option<u8>,
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<NumPr>,
}

/// The paragraph styles of a document.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    /// The style of paragraphs that name none.
    default: Option<String>,
}

/// Depth bound for `basedOn` chains (a cycle must not loop).
const MAX_CHAIN: usize = 16;

impl Styles {
    /// Parses `styles.xml`.
    pub(crate) fn parse(xml: &str, doc: &str, part: &str) -> Result<Styles, DocxError> {
        let mut out = Styles::default();
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = false;
        let mut in_numpr = false;
        let mut skip = 0usize;
        walk(xml, doc, part, |node| {
            match node {
                Node::Open {
                    ns: Ns::W,
                    name,
                    attrs,
                } => {
                    if skip > 0 {
                        skip += 1;
                        return Ok(());
                    }
                    match name {
                        "style" => {
                            let paragraph = attrs.get("type").is_none_or(|t| t == "paragraph");
                            let id = attrs.get("styleId").unwrap_or_default().to_string();
                            if paragraph
                                && attrs
                                    .get("default")
                                    .is_some_and(|d| d == "1" || d == "true")
                            {
                                out.default = Some(id.clone());
                            }
                            current = paragraph.then(|| (id, Style::default()));
                        }
                        "name" if !in_ppr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.name = attrs.get("val").unwrap_or_default().to_string();
                            }
                        }
                        "basedOn" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.based_on = attrs.get("val").map(str::to_string);
                            }
                        }
                        "pPr" => in_ppr = true,
                        "rPr" | "pPrChange" | "rPrChange" | "tblPr" | "trPr" | "tcPr" => skip = 1,
                        "numPr" if in_ppr => {
                            in_numpr = true;
                            if let Some((_, s)) = current.as_mut() {
                                s.num = Some(NumPr::default());
                            }
                        }
                        "numId" | "ilvl" if in_numpr => {
                            if let Some((_, Style { num: Some(n), .. })) = current.as_mut() {
                                let v = attrs.get("val").unwrap_or_default();
                                if name == "numId" {
                                    n.num_id = Some(v.to_string());
                                } else {
                                    n.ilvl = v.parse().ok();
                                }
                            }
                        }
                        "outlineLvl" if in_ppr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.outline = attrs.get("val").and_then(|v| v.parse().ok());
                            }
                        }
                        _ => {}
                    }
                }
                Node::Open { .. } if skip > 0 => skip += 1,
                Node::Close { ns, name } => {
                    if skip > 0 {
                        skip -= 1;
                        return Ok(());
                    }
                    match (ns, name) {
                        (Ns::W, "style") => {
                            if let Some((id, s)) = current.take() {
                                out.styles.insert(id, s);
                            }
                        }
                        (Ns::W, "pPr") => in_ppr = false,
                        (Ns::W, "numPr") => in_numpr = false,
                        _ => {}
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The style a paragraph has: the one it names, or the default.
    fn effective<'s>(&'s self, id: Option<&'s str>) -> Option<&'s str> {
        id.or(self.default.as_deref())
    }

    /// Walks a style and the styles it is based on, nearest first.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = (&'s str, &'s Style)> {
        let mut next = self.effective(id);
        std::iter::from_fn(move || {
            let id = next?;
            let (key, style) = self.styles.get_key_value(id)?;
            next = style.based_on.as_deref();
            Some((key.as_str(), style))
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1-9) of paragraphs in style `id`: a style named
    /// "heading N" (or "Title", level 1), or with an outline level, directly or
    /// through the styles it is based on.
    pub(crate) fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        for (key, style) in self.chain(id) {
            if let Some(level) = heading_name(&style.name).or_else(|| heading_name(key)) {
                return Some(level);
            }
            if let Some(o) = style.outline {
                return (o < 9).then_some(o + 1);
            }
        }
        // A style id of Word's own, even when styles.xml does not define it.
        id.and_then(heading_name)
    }

    /// The numbering a style gives its paragraphs, with the id of the style that holds it.
    pub(crate) fn numbering(&self, id: Option<&str>) -> Option<(String, NumPr)> {
        self.chain(id)
            .find_map(|(key, s)| s.num.clone().map(|n| (key.to_string(), n)))
    }

    /// The `w:numId` that the style named `id` links to (for `w:numStyleLink`).
    pub(crate) fn linked_num(&self, id: &str) -> Option<String> {
        self.chain(Some(id))
            .find_map(|(_, s)| s.num.as_ref().and_then(|n| n.num_id.clone()))
    }
}

/// `heading 3` / `Heading3` → 3; `Title` → 1.
fn heading_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading")?.trim();
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn headings_by_name_outline_and_inheritance() {
        let xml = format!(
            r#"<w:styles {W}>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="Kop2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/>
              <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
            </w:styles>"#
        );
        let s = Styles::parse(&xml, "t.docx", "styles.xml").unwrap();
        assert_eq!(s.heading_level(Some("Kop2")), Some(2));
        assert_eq!(s.heading_level(Some("Mine")), Some(2));
        assert_eq!(s.heading_level(None), None);
        assert_eq!(s.heading_level(Some("Clause")), None);
        assert_eq!(s.heading_level(Some("Heading4")), Some(4));
        assert_eq!(s.heading_level(Some("Loop")), None);
        let (holder, num) = s.numbering(Some("Clause")).unwrap();
        assert_eq!(holder, "Clause");
        assert_eq!(num.num_id.as_deref(), Some("7"));
    }
}
