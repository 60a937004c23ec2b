//! Point labels (`1.`, `(a)`, `2.3.`, `IV.`) and heading numbers (`Article 5`, `第十一条`).

/// A point label found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as written, with its list marker: `- 1.`, `(a)`, `2.3.`.
    pub written: String,
    /// The label as it appears in keys: `1`, `a`, `2.3`, `IV`.
    pub key: String,
    /// Byte length of the label, its marker and the spaces after it.
    pub len: usize,
}

/// Length of a Markdown bullet marker (`- `, `* `, `+ `) at the start of `text`, spaces included.
pub(crate) fn bullet_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        let rest = &text[1..];
        1 + (rest.len() - rest.trim_start_matches(' ').len())
    } else {
        0
    }
}

/// Recognises a point label at the start of a paragraph.
///
/// Accepted: `1.` `1)` `(1)` `2.3.` `2.3` `a)` `(a)` `a.` `IV.` `(iv)`, each
/// optionally after a bullet (`- 1.`), and each followed by a space or the end
/// of the text. Numbers have at most four digits per part, so a year at the
/// start of a sentence without a dot is not taken for a label.
pub fn parse_label(text: &str) -> Option<Label> {
    let l = label_at(text)?;
    Some(Label {
        written: text[..l.written_len].to_string(),
        key: l.key.to_string(),
        len: l.len,
    })
}

/// A [`Label`] as stretches of the text it starts, without allocating.
pub(crate) struct LabelAt<'t> {
    /// Byte length of the label as written, with its list marker.
    pub written_len: usize,
    /// The label as it appears in keys.
    pub key: &'t str,
    /// Byte length of the label, its marker and the spaces after it.
    pub len: usize,
}

/// [`parse_label`], borrowing from `text`.
pub(crate) fn label_at(text: &str) -> Option<LabelAt<'_>> {
    let (bullet, key, label_len) = find_label(text)?;
    let after = &text[bullet + label_len..];
    let spaces = after.len() - after.trim_start().len();
    Some(LabelAt {
        written_len: text[..bullet + label_len].trim_end().len(),
        key,
        len: bullet + label_len + spaces,
    })
}

/// True when `text` starts with a point label (as [`parse_label`] finds it), without allocating.
pub(crate) fn has_label(text: &str) -> bool {
    find_label(text).is_some()
}

/// (bullet length, key, label length) of a label at the start of `text`.
fn find_label(text: &str) -> Option<(usize, &str, usize)> {
    let bullet = bullet_len(text);
    let rest = &text[bullet..];
    let (key, label_len) = label_body(rest)?;
    let after = &rest[label_len..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((bullet, key, label_len))
}

/// Returns (key, byte length) of a label at the start of `s`, without its trailing space.
fn label_body(s: &str) -> Option<(&str, usize)> {
    if let Some(inner) = s.strip_prefix('(') {
        let close = inner.find(')')?;
        let core = &inner[..close];
        if is_number(core) || is_letter(core) || is_roman(core) {
            return Some((core, close + 2));
        }
        return None;
    }
    // Dotted numbers: 1. 2.3. 2.3 1.1.1.1.1.
    let num_len = dotted_number_len(s);
    if num_len > 0 {
        let core = &s[..num_len];
        let next = s[num_len..].chars().next();
        if core.ends_with('.') {
            return Some((core.trim_end_matches('.'), num_len));
        }
        if next == Some(')') {
            return Some((core, num_len + 1));
        }
        if core.contains('.') {
            // "2.3 Scope": a nested number without a final dot.
            return Some((core, num_len));
        }
        return None;
    }
    // Letters and roman numerals: a) a. IV. iv)
    let word_len = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    if word_len == 0 {
        return None;
    }
    let core = &s[..word_len];
    let next = s[word_len..].chars().next();
    if !matches!(next, Some('.') | Some(')')) {
        return None;
    }
    if is_letter(core) || is_roman(core) {
        return Some((core, word_len + 1));
    }
    None
}

/// Length of `d+(.d+)*.?` at the start of `s` (each part 1-4 ASCII digits), or 0.
fn dotted_number_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut end = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 4 {
            return end;
        }
        end = i;
        if i < bytes.len() && bytes[i] == b'.' {
            i += 1;
            end = i;
            if i < bytes.len() && bytes[i].is_ascii_digit() {
                continue;
            }
        }
        return end;
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_letter(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// True for a well-formed roman numeral (all upper or all lower case), up to 3999.
fn is_roman(s: &str) -> bool {
    roman_value(s).is_some()
}

/// True when a point labelled `key` may come next in a list whose labels so
/// far were `seen`: it is a first label (`1`, `a`, `A`, `i`, `I`, `2.1`, the
/// Cyrillic `а` or the Greek `α`), or it follows one of them (`4` → `5`,
/// `2.3` → `2.4` or `3`, `a` → `b`, `iv` → `v`). A line of a paragraph that
/// starts with any other label, such as the `(4)` of "Section 2(a)" wrapped
/// over two lines, is not taken for a point on that ground alone.
pub(crate) fn may_follow(seen: &[String], key: &str) -> bool {
    let first = matches!(
        key,
        "0" | "1" | "a" | "A" | "i" | "I" | "а" | "А" | "α" | "Α"
    ) || key.rsplit_once('.').is_some_and(|(_, last)| last == "1");
    // The latest first: in a list on consecutive lines it is the one before.
    first || seen.iter().rev().any(|p| follows(p, key))
}

/// True when `key` is the label right after `prev` at its level or one above.
fn follows(prev: &str, key: &str) -> bool {
    let number = |s: &str| -> Option<smallvec::SmallVec<[u32; 4]>> {
        s.split('.').map(|p| p.parse().ok()).collect()
    };
    if let (Some(p), Some(k)) = (number(prev), number(key)) {
        // `2.3` → `2.4` or `3`: one level's number one more, the levels above it the same.
        let n = k.len();
        return n <= p.len()
            && k[..n - 1] == p[..n - 1]
            && p[n - 1].checked_add(1) == Some(k[n - 1]);
    }
    let mut chars = prev.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && char::from_u32(c as u32 + 1).is_some_and(|n| key.chars().eq([n]))
    {
        return true;
    }
    let lower = |s: &str| s == s.to_lowercase();
    match (roman_value(prev), roman_value(key)) {
        (Some(a), Some(b)) => b == a + 1 && lower(prev) == lower(key),
        _ => false,
    }
}

/// The value of a roman numeral written in canonical form, e.g. `XIV` → 14.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let upper = s.to_ascii_uppercase();
    if s != upper && s != s.to_ascii_lowercase() {
        return None;
    }
    let value_of = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Option<Vec<u32>> = upper.chars().map(value_of).collect();
    let values = values?;
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only accept the canonical spelling, so that words like "DIM" or "MIX" are not numbers.
    (to_roman(total) == upper).then_some(total)
}

/// A roman numeral in upper case, e.g. 14 → `XIV`.
pub(crate) fn to_roman(mut n: u32) -> String {
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
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// The number a heading is keyed by, if it has one: `Article 5` → `5`,
/// `Статья 5` → `5`, `第十一条` → `11`, `第１条` → `1`, `Chapter IV` → `4`,
/// `2.3. Scope` → `2.3`, `5` → `5`.
///
/// The number must come first (followed by `.`, `)`, `:` or nothing) or right
/// after one word (`Article 5`). A bare number followed by words is part of a
/// name (`1 Samuel`), and a number followed by a comma is a date
/// (`November 11, 1945`): neither makes a numbered heading.
pub fn heading_number(heading: &str) -> Option<String> {
    let clean: String = heading
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .map(ascii_digit)
        .collect();
    let clean = clean.trim();
    if let Some(n) = cjk_ordinal(clean) {
        return Some(n);
    }
    let mut words = clean.split_whitespace();
    let first = words.next()?;
    let second = words.next();
    if let Some(n) = number_word(first, second.is_none(), true) {
        return Some(n);
    }
    let second = second?;
    // Last, or followed by a separator and a title (`Article premier – Définitions`).
    let is_last = words
        .next()
        .is_none_or(|w| matches!(w, "–" | "—" | "-" | "--" | ":"));
    if first.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    number_word(second, is_last, false)
}

/// True for a line of one character repeated, three times or more, of those
/// plain text draws rules with: `=====`, `-----`, `*****`, `_____`, `~~~~~`.
pub(crate) fn is_rule(text: &str) -> bool {
    let t = text.trim();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '=' | '-' | '*' | '_' | '~')
        && t.chars().count() >= 3
        && chars.all(|c| c == first)
}

/// True when `line`, a paragraph of plain text on one line, is a numbered section
/// title: a word and a number, then nothing, or a separator (`–`, `—`, `-`, `:`, `.`)
/// and a title (`Section 3 – License Conditions.`, `Раздел 3 – Условия лицензии.`,
/// `القسم ١ : تعريفات:`, `Article 5`), or a Chinese or Japanese ordinal with its counter
/// word (`第3条 ライセンス利用条件`, `第三条 授权条件`). The word starts with a capital
/// (or a letter of a script without case) and is not a numeral, so a point
/// (`1. Definitions.`, `IV. Scope`) and a sentence (`Section 5 applies.`) are none.
pub(crate) fn numbered_title(line: &str) -> bool {
    /// What may stand between a title's number and its words: `Section 3 – Scope`,
    /// `Article 5. Scope`, `القسم ١ : تعريفات`, `القسم ٧- أحكام`.
    const SEPARATORS: [char; 5] = ['–', '—', '-', ':', '.'];
    let line = line.trim();
    if line.is_empty() || line.contains('\n') || line.chars().count() > 100 {
        return false;
    }
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return false;
    };
    if word.starts_with('第') {
        let word: String = word.chars().map(ascii_digit).collect();
        return cjk_ordinal(&word).is_some()
            && word.ends_with(['条', '章', '節', '节', '款', '編', '编', '部', '篇']);
    }
    let Some(number) = words.next() else {
        return false;
    };
    let letters_only = word.chars().all(char::is_alphabetic);
    let capital = word.chars().next().is_some_and(|c| !c.is_lowercase());
    if !letters_only || !capital || word.chars().count() < 3 || roman_value(word).is_some() {
        return false;
    }
    let number: String = number.chars().map(ascii_digit).collect();
    let bare = number.trim_end_matches(SEPARATORS);
    let numeric = !bare.is_empty() && dotted_number_len(bare) == bare.len();
    if !numeric && roman_value(bare).is_none() {
        return false;
    }
    match words.next() {
        // Alone, the number is whole (`Article 5`, `Chapter IV`): `Attribution 2.0` is a
        // name and its version.
        None => bare.bytes().all(|b| b.is_ascii_digit()) || !numeric,
        Some(_) if bare.len() != number.len() => true,
        Some(next) => next.starts_with(SEPARATORS),
    }
}

/// A heading word that is a number: `5`, `5.`, `2.3.`, `IV`, `5:`, and one run
/// into its title's dash (`٧-` of `القسم ٧- أحكام`, as [`numbered_title`] reads it).
fn number_word(word: &str, is_last: bool, leading: bool) -> Option<String> {
    let trimmed = word.trim_end_matches(['.', ':', ')', '-', '–', '—']);
    let had_punct = trimmed.len() != word.len();
    if trimmed.is_empty() || word.ends_with(',') {
        return None;
    }
    let numeric = {
        let n = dotted_number_len(trimmed);
        n == trimmed.len() && n > 0
    };
    let value = if numeric {
        trimmed.to_string()
    } else if !leading && (is_last || had_punct) && is_first_ordinal(trimmed) {
        "1".to_string()
    } else if let Some(v) = roman_value(trimmed) {
        // A lone "I" or "V" opening a heading is more likely a word than a numeral.
        if leading && trimmed.len() == 1 && !had_punct {
            return None;
        }
        v.to_string()
    } else {
        return None;
    };
    // "1 Samuel": a leading bare number followed by words is a name.
    if leading && !had_punct && !is_last {
        return None;
    }
    Some(value)
}

/// French numbers the first article, chapter or title with an ordinal and the rest with
/// numbers (`Article premier`, `Article 2`; `Article 1er`, `Chapitre Ier`), so the first is
/// keyed `1` as its English `Article 1` is. Only this ordinal: no other language numbers its
/// first section alone this way, and a word such as `second` is a word in too many
/// languages.
fn is_first_ordinal(word: &str) -> bool {
    let word = word.to_lowercase();
    [
        "premier",
        "première",
        "1er",
        "1re",
        "1ère",
        "1ᵉʳ",
        "ier",
        "ire",
        "ière",
    ]
    .contains(&word.as_str())
}

/// Maps full-width and Arabic-Indic digits to ASCII digits.
fn ascii_digit(c: char) -> char {
    let base = match c {
        '\u{FF10}'..='\u{FF19}' => 0xFF10,
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        '\u{0966}'..='\u{096F}' => 0x0966,
        _ => return c,
    };
    char::from_u32('0' as u32 + (c as u32 - base)).unwrap_or(c)
}

/// `第十一条` / `第11条` / `第三章`: the Chinese and Japanese ordinal heading.
fn cjk_ordinal(s: &str) -> Option<String> {
    let rest = s.strip_prefix('第')?;
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || chinese_digit(*c).is_some()))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let number = &rest[..end];
    if number.is_empty() {
        return None;
    }
    if number.chars().all(|c| c.is_ascii_digit()) {
        return Some(number.trim_start_matches('0').to_string()).filter(|n| !n.is_empty());
    }
    chinese_number(number).map(|n| n.to_string())
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Parses Chinese numerals up to 9999: 十一 → 11, 三十 → 30, 一百零五 → 105.
fn chinese_number(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut digit: Option<u32> = None;
    for c in s.chars() {
        let v = chinese_digit(c)?;
        if v >= 10 {
            total += digit.unwrap_or(1) * v;
            digit = None;
        } else {
            if digit.is_some() {
                return None;
            }
            digit = Some(v);
        }
    }
    total += digit.unwrap_or(0);
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Option<String> {
        parse_label(s).map(|l| l.key)
    }

    #[test]
    fn labels_of_every_listed_form() {
        assert_eq!(key("1. As is evident"), Some("1".into()));
        assert_eq!(key("- 1. As is evident"), Some("1".into()));
        assert_eq!(key("* 2) text"), Some("2".into()));
        assert_eq!(key("(3) text"), Some("3".into()));
        assert_eq!(key("2.3. text"), Some("2.3".into()));
        assert_eq!(key("2.3 text"), Some("2.3".into()));
        assert_eq!(key("1.1.1.1.1. deep"), Some("1.1.1.1.1".into()));
        assert_eq!(key("a) to seek"), Some("a".into()));
        assert_eq!(key("(a) to seek"), Some("a".into()));
        assert_eq!(key("b. Adapter's"), Some("b".into()));
        assert_eq!(key("IV. Roman"), Some("IV".into()));
        assert_eq!(key("(iv) roman"), Some("iv".into()));
        assert_eq!(key("б) пункт"), Some("б".into()));
        assert_eq!(key("7."), Some("7".into()));
    }

    #[test]
    fn things_that_are_not_labels() {
        assert_eq!(key("1945 was a year"), None);
        assert_eq!(key("12345. too long"), None);
        assert_eq!(key("I am sending you"), None);
        assert_eq!(key("Stalin recognized"), None);
        assert_eq!(key("3.14159is"), None);
        assert_eq!(key("ab) two letters"), None);
        assert_eq!(key("-1. negative"), None);
        assert_eq!(key("see 1) above"), None);
        assert_eq!(key("IIX. not canonical"), None);
    }

    #[test]
    fn label_length_covers_marker_and_spaces() {
        let l = parse_label("- 1.  As").unwrap();
        assert_eq!(l.written, "- 1.");
        assert_eq!(&"- 1.  As"[l.len..], "As");
    }

    #[test]
    fn heading_numbers_across_languages() {
        let n = |s: &str| heading_number(s);
        assert_eq!(n("Article 5"), Some("5".into()));
        assert_eq!(n("Статья 5"), Some("5".into()));
        assert_eq!(n("Artículo 30"), Some("30".into()));
        assert_eq!(n("المادة 11"), Some("11".into()));
        assert_eq!(n("第十一条"), Some("11".into()));
        assert_eq!(n("第三十条"), Some("30".into()));
        assert_eq!(n("第１条"), Some("1".into()));
        assert_eq!(n("第11条"), Some("11".into()));
        assert_eq!(n("Chapter IV"), Some("4".into()));
        assert_eq!(n("12"), Some("12".into()));
        assert_eq!(n("2.3. Scope"), Some("2.3".into()));
        assert_eq!(n("**Article 7**"), Some("7".into()));
        // The Arabic CC BY 4.0 writes one title's dash against its number.
        assert_eq!(n("القسم ٦ - الـمُدَّة والإنهاء:"), Some("6".into()));
        assert_eq!(n("القسم ٧- أحكام وشروط أخرى:"), Some("7".into()));
        assert_eq!(n("Section 7– Other Terms"), Some("7".into()));
        // French numbers its first article with an ordinal, the rest with numbers.
        for first in [
            "Article premier",
            "Article 1er",
            "Chapitre Ier",
            "Article premier – Définitions",
            "ARTICLE PREMIER",
            "Section première",
        ] {
            assert_eq!(n(first), Some("1".into()), "{first}");
        }
        assert_eq!(n("Premier"), None);
        assert_eq!(n("Le premier jour"), None);
    }

    #[test]
    fn headings_without_a_key_number() {
        let n = |s: &str| heading_number(s);
        assert_eq!(n("1 Samuel"), None);
        assert_eq!(n("November 11, 1945 Telegram via VcH"), None);
        assert_eq!(n("Genesis"), None);
        assert_eq!(n("Preamble"), None);
        assert_eq!(n("I am a heading"), None);
        assert_eq!(n("**SECRET**"), None);
    }

    #[test]
    fn numbered_titles_of_plain_text() {
        // The first eight from CC BY 4.0's texts in six languages (the corpus's
        // legal/cc-by/); the last two as laws and books write them.
        for title in [
            "Section 3 – License Conditions.",
            "Section 7 -- Other Terms and Conditions.",
            "Abschnitt 3 – Lizenzbedingungen",
            "Раздел 3 – Условия лицензии.",
            "القسم ١ : تعريفات:",
            "القسم ٧- أحكام وشروط أخرى:",
            "第3条 ライセンス利用条件",
            "第三条 授权条件",
            "Article 5",
            "Chapter IV: Scope",
        ] {
            assert!(numbered_title(title), "{title}");
        }
        for not in [
            "1. Definitions.",
            "IV. Scope",
            "a. Attribution.",
            "Section 5 applies to every licensee.",
            "Attribution 4.0 International",
            "Attribution 2.0",
            "section 3 – lower case is a sentence's middle",
            "第3条(a)(1)に定められている",
            "Article",
            "",
        ] {
            assert!(!numbered_title(not), "{not}");
        }
    }

    #[test]
    fn roman_values() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("Iv"), None);
    }
}
