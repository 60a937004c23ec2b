//! `numbering.xml`: Word's automatic numbering, rendered into the labels
//! emend keys points by.
//!
//! A paragraph names a numbering instance (`w:num`, by `w:numId`) and a level
//! (`w:ilvl`). The instance points at an abstract numbering (`w:abstractNum`)
//! whose levels say how to count (`w:numFmt`: decimal, letters, roman,
//! bullet, ...), where to start (`w:start`), how to write the label
//! (`w:lvlText`: `%1.` or `%1.%2.`, where `%k` is level k's counter) and when
//! to restart (`w:lvlRestart`). An instance may override a level or its start
//! (`w:lvlOverride`/`w:startOverride`): that is how Word restarts a list.
//!
//! Counters belong to the abstract numbering, so two instances of one list
//! continue each other, as in Word, unless an instance's override restarts it
//! (applied at the first paragraph of that instance).

use std::collections::{HashMap, HashSet};

use super::DocxError;
use super::styles::Styles;
use super::xml::{Attrs, Node, Ns, walk};

const LEVELS: usize = 9;

/// How a level counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Format {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    RussianLower,
    RussianUpper,
    Bullet,
    None,
}

impl Format {
    fn parse(s: &str) -> Format {
        match s {
            "decimalZero" => Format::DecimalZero,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "russianLower" => Format::RussianLower,
            "russianUpper" => Format::RussianUpper,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // Every other counting (ordinal, CJK numerals, ...) is written in digits.
            _ => Format::Decimal,
        }
    }

    /// `n` written in this format.
    pub(crate) fn render(self, n: u32) -> String {
        match self {
            Format::Decimal | Format::Bullet | Format::None => n.to_string(),
            Format::DecimalZero => format!("{n:02}"),
            Format::LowerLetter => letters(n, LATIN).to_lowercase(),
            Format::UpperLetter => letters(n, LATIN),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::UpperRoman => roman(n),
            Format::RussianLower => letters(n, RUSSIAN).to_lowercase(),
            Format::RussianUpper => letters(n, RUSSIAN),
        }
    }
}

const LATIN: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S',
    'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
];
/// The letters Word counts with in `russianUpper`: no Ё, Й, Ъ, Ы, Ь.
const RUSSIAN: &[char] = &[
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Л', 'М', 'Н', 'О', 'П', 'Р', 'С', 'Т', 'У',
    'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Э', 'Ю', 'Я',
];

/// Word's letter counting: a..z, then aa..zz, aaa..
fn letters(n: u32, alphabet: &[char]) -> String {
    let n = n.max(1) as usize - 1;
    let letter = alphabet[n % alphabet.len()];
    std::iter::repeat_n(letter, (n / alphabet.len() % 8) + 1).collect()
}

fn roman(n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut n = n;
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// One level of a list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Level {
    pub start: u32,
    pub format: Format,
    /// `w:lvlText`, e.g. `%1.` or `%1.%2.`.
    pub text: String,
    /// `w:lvlRestart`: restart after a use of this level (1-based); 0 never.
    pub restart: Option<u8>,
    /// `w:isLgl`: write every counter of the label in digits.
    pub legal: bool,
    /// `w:pStyle`: the paragraph style linked to this level.
    pub style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Level>,
    /// `w:numStyleLink`: the list is defined by the numbering of this style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a start override and/or a whole level.
    overrides: HashMap<u8, (Option<u32>, Option<Level>)>,
}

/// The lists of a document.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Instance>,
}

/// Builder state while parsing a `w:lvl`.
fn level_property(level: &mut Level, name: &str, attrs: &Attrs) {
    let val = attrs.get("val").unwrap_or_default();
    match name {
        "start" => level.start = val.parse().unwrap_or(1),
        "numFmt" => level.format = Format::parse(val),
        "lvlText" => level.text = val.to_string(),
        "lvlRestart" => level.restart = val.parse().ok(),
        "isLgl" => level.legal = attrs.on(),
        "pStyle" => level.style = Some(val.to_string()),
        _ => {}
    }
}

impl Numbering {
    /// Parses `numbering.xml`.
    pub(crate) fn parse(xml: &str, doc: &str, part: &str) -> Result<Numbering, DocxError> {
        let mut out = Numbering::default();
        let mut abs: Option<(String, Abstract)> = None;
        let mut num: Option<(String, Instance)> = None;
        let mut override_level: Option<u8> = None;
        let mut level: Option<(u8, Level)> = None;
        // Skip run and paragraph properties inside levels: they hold no numbering.
        let mut skip = 0usize;
        walk(xml, doc, part, |node| {
            match node {
                Node::Open { .. } if skip > 0 => skip += 1,
                Node::Close { .. } if skip > 0 => skip -= 1,
                Node::Open {
                    ns: Ns::W,
                    name,
                    attrs,
                } => match name {
                    "abstractNum" => {
                        let id = attrs.get("abstractNumId").unwrap_or_default().to_string();
                        abs = Some((id, Abstract::default()));
                    }
                    "num" => {
                        let id = attrs.get("numId").unwrap_or_default().to_string();
                        num = Some((id, Instance::default()));
                    }
                    "abstractNumId" => {
                        if let Some((_, n)) = num.as_mut() {
                            n.abstract_id = attrs.get("val").unwrap_or_default().to_string();
                        }
                    }
                    "numStyleLink" => {
                        if let Some((_, a)) = abs.as_mut() {
                            a.style_link = attrs.get("val").map(str::to_string);
                        }
                    }
                    "lvlOverride" => {
                        override_level = attrs.get("ilvl").and_then(|v| v.parse().ok());
                    }
                    "startOverride" => {
                        if let (Some((_, n)), Some(l)) = (num.as_mut(), override_level) {
                            let start = attrs.get("val").and_then(|v| v.parse().ok());
                            n.overrides.entry(l).or_default().0 = start;
                        }
                    }
                    "lvl" => {
                        let ilvl = attrs
                            .get("ilvl")
                            .and_then(|v| v.parse().ok())
                            .or(override_level)
                            .unwrap_or(0);
                        let fresh = Level {
                            start: 1,
                            ..Level::default()
                        };
                        level = Some((ilvl, fresh));
                    }
                    "pPr" | "rPr" => skip = 1,
                    _ => {
                        if let Some((_, l)) = level.as_mut() {
                            level_property(l, name, attrs);
                        }
                    }
                },
                Node::Close { ns: Ns::W, name } => match name {
                    "abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            out.abstracts.insert(id, a);
                        }
                    }
                    "num" => {
                        if let Some((id, n)) = num.take() {
                            out.nums.insert(id, n);
                        }
                    }
                    "lvlOverride" => override_level = None,
                    "lvl" => {
                        if let Some((ilvl, l)) = level.take() {
                            if let Some((_, n)) = num.as_mut() {
                                n.overrides.entry(ilvl).or_default().1 = Some(l);
                            } else if let Some((_, a)) = abs.as_mut()
                                && (ilvl as usize) < LEVELS
                            {
                                if a.levels.len() <= ilvl as usize {
                                    a.levels.resize(ilvl as usize + 1, Level::default());
                                }
                                a.levels[ilvl as usize] = l;
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The abstract numbering behind instance `num_id`, following a style link once.
    fn abstract_of(&self, num_id: &str, styles: &Styles) -> Option<(&str, &Abstract)> {
        let inst = self.nums.get(num_id)?;
        let (id, abs) = self.abstracts.get_key_value(&inst.abstract_id)?;
        if abs.levels.is_empty()
            && let Some(link) = &abs.style_link
            && let Some(linked) = styles.linked_num(link)
            && linked != num_id
        {
            let inst = self.nums.get(&linked)?;
            let (id, abs) = self.abstracts.get_key_value(&inst.abstract_id)?;
            return Some((id.as_str(), abs));
        }
        Some((id.as_str(), abs))
    }

    /// The level of instance `num_id` linked to paragraph style `style` (`w:pStyle` in a level).
    pub(crate) fn level_of_style(&self, num_id: &str, style: &str, styles: &Styles) -> Option<u8> {
        let (_, abs) = self.abstract_of(num_id, styles)?;
        abs.levels
            .iter()
            .position(|l| l.style.as_deref() == Some(style))
            .map(|i| i as u8)
    }
}

/// What a numbered paragraph shows in front of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Label {
    /// A number such as `2.1.` or `(c)`, and how many levels it is nested
    /// under points whose numbers it does not repeat.
    Number { text: String, depth: u8 },
    /// A bullet, at a nesting depth.
    Bullet { depth: u8 },
}

/// The counters of every list, as the paragraphs of a document go by.
pub(crate) struct Counters<'n> {
    numbering: &'n Numbering,
    styles: &'n Styles,
    counts: HashMap<String, [Option<u32>; LEVELS]>,
    started: HashSet<String>,
}

impl<'n> Counters<'n> {
    pub(crate) fn new(numbering: &'n Numbering, styles: &'n Styles) -> Counters<'n> {
        Counters {
            numbering,
            styles,
            counts: HashMap::new(),
            started: HashSet::new(),
        }
    }

    /// Counts one paragraph of list `num_id` at level `ilvl` and returns its label.
    pub(crate) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Label> {
        let ilvl = (ilvl as usize).min(LEVELS - 1);
        let inst = self.numbering.nums.get(num_id)?;
        let (abs_id, abs) = self.numbering.abstract_of(num_id, self.styles)?;
        let level_def = |l: usize| -> Level {
            inst.overrides
                .get(&(l as u8))
                .and_then(|(_, lvl)| lvl.clone())
                .or_else(|| abs.levels.get(l).cloned())
                .unwrap_or(Level {
                    start: 1,
                    text: format!("%{}.", l + 1),
                    ..Level::default()
                })
        };
        let start_of = |l: usize| -> u32 {
            inst.overrides
                .get(&(l as u8))
                .and_then(|(s, _)| *s)
                .unwrap_or_else(|| level_def(l).start)
        };
        let counts = self.counts.entry(abs_id.to_string()).or_default();
        if self.started.insert(num_id.to_string()) {
            for (l, (start, _)) in &inst.overrides {
                if start.is_some() && (*l as usize) < LEVELS {
                    counts[*l as usize] = None;
                }
            }
        }
        counts[ilvl] = Some(match counts[ilvl] {
            None => start_of(ilvl),
            Some(n) => n.saturating_add(1),
        });
        for (l, count) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = level_def(l).restart;
            // lvlRestart N (1-based): restart when a level up to N is used; 0: never.
            if restart.is_none_or(|r| ilvl < r as usize) {
                *count = None;
            }
        }
        let def = level_def(ilvl);
        if def.format == Format::Bullet {
            return Some(Label::Bullet { depth: ilvl as u8 });
        }
        let mut text = String::new();
        let mut lowest = ilvl;
        let mut rest = def.text.as_str();
        while let Some(i) = rest.find('%') {
            text.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            match after.chars().next().and_then(|c| c.to_digit(10)) {
                Some(d) if (1..=9).contains(&d) => {
                    let l = d as usize - 1;
                    lowest = lowest.min(l);
                    let n = counts[l].unwrap_or_else(|| start_of(l));
                    let format = level_def(l).format;
                    let format = if def.legal || format == Format::None {
                        Format::Decimal
                    } else {
                        format
                    };
                    text.push_str(&format.render(n));
                    rest = &after[1..];
                }
                _ => {
                    text.push('%');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        let text = text.trim().to_string();
        if def.format == Format::None && !def.text.contains('%') && text.is_empty() {
            return None;
        }
        if text.is_empty() {
            return None;
        }
        Some(Label::Number {
            text,
            depth: lowest as u8,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn numbering(body: &str) -> Numbering {
        Numbering::parse(&format!("<w:numbering {W}>{body}</w:numbering>"), "t", "n").unwrap()
    }

    fn lvl(ilvl: u8, fmt: &str, text: &str, start: u32) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="720"/></w:pPr></w:lvl>"#
        )
    }

    fn texts(c: &mut Counters, seq: &[(&str, u8)]) -> Vec<String> {
        seq.iter()
            .map(|(n, l)| match c.next(n, *l) {
                Some(Label::Number { text, depth }) => format!("{text}@{depth}"),
                Some(Label::Bullet { depth }) => format!("-@{depth}"),
                None => "none".into(),
            })
            .collect()
    }

    #[test]
    fn nested_levels_restart_below_and_write_paths() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "decimal", "%1.", 1),
            lvl(1, "decimal", "%1.%2.", 1),
            lvl(2, "lowerLetter", "(%3)", 1)
        ));
        let styles = Styles::default();
        let mut c = Counters::new(&n, &styles);
        assert_eq!(
            texts(
                &mut c,
                &[
                    ("1", 0),
                    ("1", 1),
                    ("1", 1),
                    ("1", 2),
                    ("1", 2),
                    ("1", 0),
                    ("1", 1),
                    ("1", 2)
                ]
            ),
            [
                "1.@0", "1.1.@0", "1.2.@0", "(a)@2", "(b)@2", "2.@0", "2.1.@0", "(a)@2"
            ]
        );
    }

    #[test]
    fn start_overrides_restart_and_plain_instances_continue() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="3">{}</w:abstractNum>
               <w:abstractNum w:abstractNumId="4">{}</w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="3"/>
                  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
               <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
               <w:num w:numId="6"><w:abstractNumId w:val="4"/>
                  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>"#,
            lvl(0, "upperRoman", "%1.", 1),
            lvl(0, "bullet", "•", 1)
        ));
        let styles = Styles::default();
        let mut c = Counters::new(&n, &styles);
        assert_eq!(
            texts(
                &mut c,
                &[
                    ("1", 0),
                    ("1", 0),
                    ("2", 0),
                    ("2", 0),
                    ("5", 0),
                    ("6", 0),
                    ("9", 0)
                ]
            ),
            ["I.@0", "II.@0", "I.@0", "II.@0", "III.@0", "-@0", "none"]
        );
    }

    #[test]
    fn formats_count_as_word_does() {
        assert_eq!(Format::LowerLetter.render(1), "a");
        assert_eq!(Format::LowerLetter.render(27), "aa");
        assert_eq!(Format::UpperRoman.render(14), "XIV");
        assert_eq!(Format::LowerRoman.render(4), "iv");
        assert_eq!(Format::DecimalZero.render(3), "03");
        assert_eq!(Format::RussianLower.render(10), "к");
    }

    #[test]
    fn legal_numbering_writes_digits_and_restart_zero_never_restarts() {
        let n = numbering(&format!(
            r#"<w:abstractNum w:abstractNumId="0">{}<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            lvl(0, "upperRoman", "Article %1", 1)
        ));
        let styles = Styles::default();
        let mut c = Counters::new(&n, &styles);
        assert_eq!(
            texts(&mut c, &[("1", 0), ("1", 1), ("1", 0), ("1", 1)]),
            ["Article I@0", "1.1@0", "Article II@0", "2.2@0"]
        );
    }
}
