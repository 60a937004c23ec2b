//! Point labels written as Word's automatic numbering.
//!
//! Each kind of label (`1.`, `(a)`, `2.3.`, `IV.` at a level) gets an
//! abstract numbering. A paragraph uses the current instance (`w:num`) of its
//! kind when Word, counting on from the paragraphs before, would show exactly
//! its label; otherwise a new instance restarts the counters with
//! `w:startOverride`, so gaps, restarts and repeated numbers come out as
//! written. The counting is simulated here the way the reader counts
//! ([`super::super::numbering`]), which is the way Word and LibreOffice do.

use std::collections::HashMap;

use super::super::numbering::Format;

const LEVELS: usize = 9;

/// A label taken apart: what each level counts, and how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// The list level of the label.
    pub ilvl: u8,
    /// `w:lvlText` of that level, e.g. `(%2)` or `%1.%2.`.
    pub text: String,
    /// Format and value of each level the text refers to.
    pub values: Vec<(u8, Format, u32)>,
}

/// Reads a written label (`- 1.`, `(a)`, `2.3.`, `IV.`) at nesting depth `depth`.
pub(crate) fn pattern(written: &str, depth: u8) -> Option<Pattern> {
    let label = written
        .trim_start_matches(['-', '*', '+'])
        .trim_start()
        .trim_end();
    let (prefix, core, suffix) = if let Some(inner) = label.strip_prefix('(') {
        ("(", inner.strip_suffix(')')?, ")")
    } else if let Some(core) = label.strip_suffix(')') {
        ("", core, ")")
    } else if let Some(core) = label.strip_suffix('.') {
        ("", core, ".")
    } else {
        ("", label, "")
    };
    if core.contains('.') {
        // A dotted number: one level per part, the label's own level last.
        let parts: Vec<u32> = core
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        if parts.len() > LEVELS || parts.is_empty() {
            return None;
        }
        let ilvl = (parts.len() - 1) as u8;
        let text = (1..=parts.len())
            .map(|k| format!("%{k}"))
            .collect::<Vec<_>>()
            .join(".");
        let values = parts
            .iter()
            .enumerate()
            .map(|(l, v)| (l as u8, Format::Decimal, *v))
            .collect();
        return Some(Pattern {
            ilvl,
            text: format!("{prefix}{text}{suffix}"),
            values,
        });
    }
    let ilvl = depth.min(LEVELS as u8 - 1);
    let (format, value) = counter(core)?;
    Some(Pattern {
        ilvl,
        text: format!("{prefix}%{}{suffix}", ilvl + 1),
        values: vec![(ilvl, format, value)],
    })
}

/// The format and value of one counter as written: `12`, `c`, `IV`, `б`.
fn counter(core: &str) -> Option<(Format, u32)> {
    if !core.is_empty() && core.len() <= 4 && core.bytes().all(|b| b.is_ascii_digit()) {
        return Some((Format::Decimal, core.parse().ok()?));
    }
    let upper = core.to_uppercase();
    let lower_case = core != upper;
    let mut chars = core.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A lone i/v/x is a letter only where a letter list would reach it; take i as roman.
        if c.eq_ignore_ascii_case(&'i') {
            return Some((roman_format(lower_case), 1));
        }
        if let Some(v) = letter_value(c, Format::UpperLetter) {
            return Some((letter_format(lower_case, false), v));
        }
        if let Some(v) = letter_value(c, Format::RussianUpper) {
            return Some((letter_format(lower_case, true), v));
        }
        return None;
    }
    let value = (1..=3999).find(|&v| Format::UpperRoman.render(v) == upper)?;
    Some((roman_format(lower_case), value))
}

fn roman_format(lower: bool) -> Format {
    if lower {
        Format::LowerRoman
    } else {
        Format::UpperRoman
    }
}

fn letter_format(lower: bool, russian: bool) -> Format {
    match (lower, russian) {
        (true, false) => Format::LowerLetter,
        (false, false) => Format::UpperLetter,
        (true, true) => Format::RussianLower,
        (false, true) => Format::RussianUpper,
    }
}

fn letter_value(c: char, alphabet: Format) -> Option<u32> {
    let upper: String = c.to_uppercase().collect();
    (1..=28).find(|&v| alphabet.render(v) == upper)
}

/// A numbering instance emend has written, and what it overrides.
struct Instance {
    id: u32,
    overrides: Vec<(u8, u32)>,
    started: bool,
}

/// The counters of one abstract numbering, as Word keeps them.
struct Kind {
    abstract_id: u32,
    counts: [Option<u32>; LEVELS],
    current: Option<Instance>,
}

/// What makes two labels the same kind: level, text, and each referenced level's format.
type Signature = (u8, String, Vec<(u8, Format)>);

/// The lists of a document being written.
#[derive(Default)]
pub(crate) struct Lists {
    kinds: HashMap<Signature, Kind>,
    abstracts: Vec<String>,
    nums: Vec<String>,
    bullet: Option<u32>,
}

impl Lists {
    /// The `(numId, ilvl)` that shows exactly `p`'s label.
    pub(crate) fn number(&mut self, p: &Pattern) -> (u32, u8) {
        let signature = (
            p.ilvl,
            p.text.clone(),
            p.values
                .iter()
                .map(|(l, f, _)| (*l, *f))
                .collect::<Vec<_>>(),
        );
        if !self.kinds.contains_key(&signature) {
            let abstract_id = self.abstracts.len() as u32;
            self.abstracts.push(abstract_xml(abstract_id, p));
            self.kinds.insert(
                signature.clone(),
                Kind {
                    abstract_id,
                    counts: [None; LEVELS],
                    current: None,
                },
            );
        }
        let Some(kind) = self.kinds.get_mut(&signature) else {
            return (0, p.ilvl);
        };
        if let Some(counts) = kind.current.as_ref().and_then(|i| shows(kind.counts, i, p)) {
            kind.counts = counts;
        } else {
            let id = self.nums.len() as u32 + 1;
            let overrides: Vec<(u8, u32)> = p.values.iter().map(|(l, _, v)| (*l, *v)).collect();
            let mut xml = format!(
                r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{}"/>"#,
                kind.abstract_id
            );
            for (l, v) in &overrides {
                xml.push_str(&format!(
                    r#"<w:lvlOverride w:ilvl="{l}"><w:startOverride w:val="{v}"/></w:lvlOverride>"#
                ));
            }
            xml.push_str("</w:num>");
            self.nums.push(xml);
            let inst = Instance {
                id,
                overrides,
                started: false,
            };
            kind.counts = shows(kind.counts, &inst, p).unwrap_or(kind.counts);
            kind.current = Some(inst);
        }
        if let Some(inst) = kind.current.as_mut() {
            inst.started = true;
            return (inst.id, p.ilvl);
        }
        (0, p.ilvl)
    }

    /// The `(numId, ilvl)` of a bullet at nesting depth `depth`.
    pub(crate) fn bullet(&mut self, depth: u8) -> (u32, u8) {
        let ilvl = depth.min(LEVELS as u8 - 1);
        if let Some(id) = self.bullet {
            return (id, ilvl);
        }
        let abstract_id = self.abstracts.len() as u32;
        let mut xml = format!(
            r#"<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="hybridMultilevel"/>"#
        );
        for l in 0..LEVELS {
            xml.push_str(&format!(
                r#"<w:lvl w:ilvl="{l}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
                720 * (l + 1)
            ));
        }
        xml.push_str("</w:abstractNum>");
        self.abstracts.push(xml);
        let id = self.nums.len() as u32 + 1;
        self.nums.push(format!(
            r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>"#
        ));
        self.bullet = Some(id);
        (id, ilvl)
    }

    /// The content of `numbering.xml`, or `None` when nothing is numbered.
    pub(crate) fn xml(&self) -> Option<String> {
        if self.nums.is_empty() {
            return None;
        }
        Some(format!("{}{}", self.abstracts.concat(), self.nums.concat()))
    }
}

/// The counters after a paragraph of instance `inst` at `p`'s level, if Word
/// would then show exactly `p`'s values; `None` if it would show others.
fn shows(
    mut counts: [Option<u32>; LEVELS],
    inst: &Instance,
    p: &Pattern,
) -> Option<[Option<u32>; LEVELS]> {
    let start_of = |l: u8| {
        inst.overrides
            .iter()
            .find(|(o, _)| *o == l)
            .map_or(1, |(_, v)| *v)
    };
    if !inst.started {
        for (l, _) in &inst.overrides {
            counts[*l as usize] = None;
        }
    }
    let i = p.ilvl as usize;
    counts[i] = Some(counts[i].map_or_else(|| start_of(p.ilvl), |n| n.saturating_add(1)));
    for c in counts.iter_mut().skip(i + 1) {
        *c = None;
    }
    let ok = p
        .values
        .iter()
        .all(|(l, _, v)| counts[*l as usize].unwrap_or_else(|| start_of(*l)) == *v);
    ok.then_some(counts)
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Decimal => "decimal",
        Format::DecimalZero => "decimalZero",
        Format::LowerLetter => "lowerLetter",
        Format::UpperLetter => "upperLetter",
        Format::LowerRoman => "lowerRoman",
        Format::UpperRoman => "upperRoman",
        Format::RussianLower => "russianLower",
        Format::RussianUpper => "russianUpper",
        Format::Bullet => "bullet",
        Format::None => "none",
    }
}

fn abstract_xml(id: u32, p: &Pattern) -> String {
    let mut xml =
        format!(r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>"#);
    for l in 0..LEVELS as u8 {
        let (format, text) = if l == p.ilvl {
            let f = p
                .values
                .iter()
                .find(|(v, _, _)| *v == l)
                .map_or(Format::Decimal, |(_, f, _)| *f);
            (f, crate::export::xml::xml_attr(&p.text).0)
        } else {
            let f = p
                .values
                .iter()
                .find(|(v, _, _)| *v == l)
                .map_or(Format::Decimal, |(_, f, _)| *f);
            (f, format!("%{}.", l + 1))
        };
        xml.push_str(&format!(
            r#"<w:lvl w:ilvl="{l}"><w:start w:val="1"/><w:numFmt w:val="{}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="{}"/></w:pPr></w:lvl>"#,
            format_name(format),
            720 * (u32::from(l) + 1),
            if l == p.ilvl && p.ilvl > 0 && p.values.len() > 1 { 720 } else { 432 }
        ));
    }
    xml.push_str("</w:abstractNum>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_taken_apart() {
        let p = pattern("- 1.", 0).unwrap();
        assert_eq!((p.ilvl, p.text.as_str()), (0, "%1."));
        assert_eq!(p.values, [(0, Format::Decimal, 1)]);
        let p = pattern("2.3.", 0).unwrap();
        assert_eq!((p.ilvl, p.text.as_str()), (1, "%1.%2."));
        assert_eq!(p.values, [(0, Format::Decimal, 2), (1, Format::Decimal, 3)]);
        let p = pattern("(c)", 1).unwrap();
        assert_eq!((p.ilvl, p.text.as_str()), (1, "(%2)"));
        assert_eq!(p.values, [(1, Format::LowerLetter, 3)]);
        assert_eq!(
            pattern("IV.", 0).unwrap().values,
            [(0, Format::UpperRoman, 4)]
        );
        assert_eq!(
            pattern("ii)", 0).unwrap().values,
            [(0, Format::LowerRoman, 2)]
        );
        assert_eq!(
            pattern("б)", 0).unwrap().values,
            [(0, Format::RussianLower, 2)]
        );
        assert_eq!(pattern("Article", 0), None);
    }

    #[test]
    fn a_running_list_uses_one_instance_and_a_gap_starts_another() {
        let mut lists = Lists::default();
        let ids: Vec<u32> = ["1.", "2.", "3.", "5.", "6.", "1.", "1."]
            .iter()
            .map(|l| lists.number(&pattern(l, 0).unwrap()).0)
            .collect();
        assert_eq!(ids, [1, 1, 1, 2, 2, 3, 4]);
    }

    #[test]
    fn dotted_labels_continue_under_their_parent() {
        let mut lists = Lists::default();
        let ids: Vec<(u32, u8)> = ["1.1.", "1.2.", "2.1.", "2.2."]
            .iter()
            .map(|l| lists.number(&pattern(l, 0).unwrap()))
            .collect();
        // 2.1. needs level 0 at 2: a new instance; 2.2. follows on.
        assert_eq!(ids, [(1, 1), (1, 1), (2, 1), (2, 1)]);
    }
}
