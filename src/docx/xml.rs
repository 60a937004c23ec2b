//! A thin walk over the XML of a part, with quick-xml doing the parsing.
//!
//! Elements are reported by namespace and local name, so `w:p` is
//! `(Ns::W, "p")` whatever prefix the writer chose; attributes by local name.
//! Character and predefined entity references are resolved; a DOCTYPE's own
//! entities are never expanded.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use super::DocxError;

/// The namespaces the readers care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Package relationships.
    Rel,
    Other,
}

fn namespace(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rel,
        _ => Ns::Other,
    }
}

/// An element's attributes, by local name.
#[derive(Debug, Default)]
pub(crate) struct Attrs(Vec<(String, String)>);

impl Attrs {
    /// The value of the attribute with this local name (`val` for `w:val`).
    pub(crate) fn get(&self, local: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }

    /// An on/off property: absent value, `1`, `true` and `on` are on.
    pub(crate) fn on(&self) -> bool {
        !matches!(self.get("val"), Some("0" | "false" | "off" | "none"))
    }
}

/// One step of the walk.
#[derive(Debug)]
pub(crate) enum Node<'a> {
    Open {
        ns: Ns,
        name: &'a str,
        attrs: &'a Attrs,
    },
    Close {
        ns: Ns,
        name: &'a str,
    },
    Text(&'a str),
}

/// Walks the XML `xml` of `part` in document `doc`, calling `visit` for every
/// element start, end (an empty element gives both) and piece of text.
pub(crate) fn walk(
    xml: &str,
    doc: &str,
    part: &str,
    mut visit: impl FnMut(Node<'_>) -> Result<(), DocxError>,
) -> Result<(), DocxError> {
    let mut reader = NsReader::from_str(xml);
    let error = |message: String| DocxError::Xml {
        name: doc.to_string(),
        part: part.to_string(),
        message,
    };
    // Open elements, and whether there was any: a part that ends inside an
    // element, or holds none, is broken.
    let mut open: Vec<String> = Vec::new();
    let mut seen = false;
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| error(format!("{e} near byte {position}")))?;
        let ns = match resolved {
            ResolveResult::Bound(n) => namespace(n.0),
            _ => Ns::Other,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_string();
                let mut attrs = Attrs::default();
                for a in e.attributes() {
                    let a = a.map_err(|err| error(err.to_string()))?;
                    let key = a.key.local_name().as_ref().to_string();
                    let value = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|err| error(err.to_string()))?
                        .into_owned();
                    attrs.0.push((key, value));
                }
                visit(Node::Open {
                    ns,
                    name: &name,
                    attrs: &attrs,
                })?;
                seen = true;
                if empty {
                    visit(Node::Close { ns, name: &name })?;
                } else {
                    open.push(name);
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                open.pop();
                visit(Node::Close { ns, name: &name })?;
            }
            Event::Text(t) => visit(Node::Text(&t.xml10_content()))?,
            Event::CData(t) => visit(Node::Text(&t))?,
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        // An entity of the document's own DOCTYPE: never expanded.
                        _ => None,
                    },
                    Err(e) => return Err(error(e.to_string())),
                };
                if let Some(c) = c {
                    let mut buf = [0u8; 4];
                    visit(Node::Text(c.encode_utf8(&mut buf)))?;
                }
            }
            Event::Eof => {
                return match open.last() {
                    Some(name) => Err(error(format!("it ends inside <{name}>"))),
                    None if !seen => Err(error("it holds no element".into())),
                    None => Ok(()),
                };
            }
            _ => {}
        }
    }
}

/// The relationships of a `.rels` part: (type, id, target).
pub(crate) fn relationships(xml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let _ = walk(xml, "", "", |node| {
        if let Node::Open {
            name: "Relationship",
            attrs,
            ..
        } = node
        {
            let get = |k| attrs.get(k).unwrap_or_default().to_string();
            if attrs.get("TargetMode") != Some("External") {
                out.push((get("Type"), get("Id"), get("Target")));
            }
        }
        Ok(())
    });
    out
}
