//! Writing XML safely: escaping, characters XML 1.0 forbids, and ids that are valid `xs:NMTOKEN`s.

use std::collections::HashSet;

/// True for characters XML 1.0 does not allow anywhere in a document: C0
/// controls other than tab, line feed and carriage return, and U+FFFE and
/// U+FFFF. (Lone surrogates cannot occur in a Rust string.)
pub fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes `s` for XML text content and attribute values (`& < > " '`) and
/// drops the characters XML 1.0 forbids. A carriage return is written as
/// `&#13;` so that a parser's line-end normalisation keeps it. Returns the
/// escaped text and how many characters were dropped.
pub fn xml_text(s: &str) -> (String, usize) {
    escape(s, false)
}

/// Like [`xml_text`], for an attribute value: tab and line feed are written as
/// character references too, since attribute normalisation would turn them into spaces.
pub(crate) fn xml_attr(s: &str) -> (String, usize) {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> (String, usize) {
    let mut out = String::with_capacity(s.len() + 16);
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if is_forbidden_in_xml(c) => dropped += 1,
            c => out.push(c),
        }
    }
    (out, dropped)
}

/// True for the characters an XML name may start with (XML 1.0, fifth edition, `NameStartChar`).
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// True for the characters of an `xs:NMTOKEN` (XML 1.0 `NameChar`).
pub fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `prefix` followed by `key` made into a valid `xs:NMTOKEN`, one to one.
///
/// Name characters are kept (letters of any script, digits, `-`, `.`), except
/// `_` and `:`; every other character, and `_` and `:` themselves, is written
/// as `_` + its code point in upper-case hex + `_`. So `2¶3` becomes
/// `u-2_B6_3`, `genesis/1/1` `u-genesis_2F_1_2F_1` and `5~2` `u-5_7E_2`, while
/// `第一条` and `преамбула` stay as they are. Percent-encoding would not do:
/// `%` is not a name character. `:` is escaped because XLIFF tools give it
/// meaning in ids (translate-toolkit joins unit and segment ids with `::`).
/// `prefix` must itself be a valid name start (`u-`, `f-`).
pub fn nmtoken(prefix: &str, key: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + key.len() + 8);
    out.push_str(prefix);
    for c in key.chars() {
        if is_name_char(c) && c != '_' && c != ':' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:X}_", c as u32));
        }
    }
    out
}

/// Hands out unique ids: [`nmtoken`] of the key, with `_2`, `_3`, ... added
/// when the same key comes again. Escapes always end in `_`, so an id ending
/// in `_` + digits was made unique here and never clashes with another key's id.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    pub fn new() -> UniqueIds {
        UniqueIds::default()
    }

    /// The id for `key`; false in the second place when `key` had been seen before.
    pub fn id(&mut self, prefix: &str, key: &str) -> (String, bool) {
        let base = nmtoken(prefix, key);
        if self.used.insert(base.clone()) {
            return (base, true);
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}_{n}");
            if self.used.insert(candidate.clone()) {
                return (candidate, false);
            }
            n += 1;
        }
    }
}

/// An XML document being written: markup, escaped text, and the count of dropped characters.
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    pub out: String,
    /// Characters dropped since the last [`XmlWriter::take_dropped`].
    dropped: usize,
}

impl XmlWriter {
    /// Markup written by this crate (never outside text).
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text content from outside: escaped, forbidden characters dropped.
    pub fn text(&mut self, s: &str) -> &mut Self {
        let (escaped, dropped) = xml_text(s);
        self.dropped += dropped;
        self.out.push_str(&escaped);
        self
    }

    /// `name="value"` with a leading space; the value escaped.
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        let (escaped, dropped) = xml_attr(value);
        self.dropped += dropped;
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.push_str(&escaped);
        self.out.push('"');
        self
    }

    /// How many characters were dropped since the last call.
    pub fn take_dropped(&mut self) -> usize {
        std::mem::take(&mut self.dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_characters_are_escaped() {
        assert_eq!(
            xml_text(r#"<script>alert("x")</script> & 'y' ]]>"#),
            (
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos; ]]&gt;"
                    .to_string(),
                0
            )
        );
        assert_eq!(xml_text("&amp;").0, "&amp;amp;");
    }

    #[test]
    fn forbidden_characters_are_dropped_and_counted() {
        assert_eq!(
            xml_text("a\u{0}b\u{1}\u{8}c\u{B}\u{C}\u{1F}d\u{FFFE}\u{FFFF}e"),
            ("abcde".to_string(), 8)
        );
        // Tab, line feed and carriage return are allowed; CR survives parsing as a reference.
        assert_eq!(xml_text("a\tb\nc\rd"), ("a\tb\nc&#13;d".to_string(), 0));
        assert_eq!(xml_attr("a\tb\nc"), ("a&#9;b&#10;c".to_string(), 0));
        // DEL and C1 controls are allowed in XML 1.0 and kept.
        assert_eq!(xml_text("\u{7F}\u{85}").1, 0);
    }

    #[test]
    fn nmtokens_are_valid_and_one_to_one() {
        assert_eq!(nmtoken("u-", "2¶3"), "u-2_B6_3");
        assert_eq!(nmtoken("u-", "genesis/1/1"), "u-genesis_2F_1_2F_1");
        assert_eq!(nmtoken("u-", "5~2"), "u-5_7E_2");
        assert_eq!(nmtoken("u-", "11/1"), "u-11_2F_1");
        assert_eq!(nmtoken("u-", "第一条¶2"), "u-第一条_B6_2");
        assert_eq!(nmtoken("u-", "преамбула¶7"), "u-преамбула_B6_7");
        assert_eq!(nmtoken("u-", "a_b:c d"), "u-a_5F_b_3A_c_20_d");
        assert_eq!(nmtoken("u-", ""), "u-");
        // `_` is escaped, so keys that look like escapes do not collide.
        assert_ne!(nmtoken("u-", "2_B6_3"), nmtoken("u-", "2¶3"));
        for key in [
            "2¶3",
            "genesis/1/1",
            "5~2",
            "11/1",
            "序言¶1",
            "المادة 1",
            "a\u{1}b",
            "😀",
        ] {
            let id = nmtoken("u-", key);
            assert!(id.chars().all(is_name_char), "{id}");
        }
    }

    #[test]
    fn repeated_keys_get_distinct_ids() {
        let mut ids = UniqueIds::new();
        assert_eq!(ids.id("u-", "5"), ("u-5".to_string(), true));
        assert_eq!(ids.id("u-", "5"), ("u-5_2".to_string(), false));
        assert_eq!(ids.id("u-", "5"), ("u-5_3".to_string(), false));
        assert_eq!(ids.id("u-", "5_2"), ("u-5_5F_2".to_string(), true));
    }
}
