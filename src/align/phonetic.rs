//! Rough sound keys for names in any of three scripts, so that `Naomi`,
//! `Noomi` and `Ноеминь`, `Babylon` and `Вавилон`, or `Matthat` and
//! `Матфатов` get the same key.
//!
//! Cyrillic and Greek letters are written in Latin letters, accents are
//! dropped, and the first seven letters are reduced to a Soundex-like key:
//! the class of the first letter (vowels, `h`, `j` and `y` form one class,
//! since translations drop or add them at the start of names: `Herod`,
//! `Ирод`), then the classes of the consonants, repeats merged. `ch` is read
//! as `h` and `th` and `ph` as `f`, as Russian renders Greek and Hebrew
//! names (`Рахиль`, `Руфь`, `Фараон`). The key is a prefix stem, so
//! inflected forms (`Авраама`, `Аврааму`) keep it; [`keys`] gives it with
//! one, two and three consonant classes, so that a suffix (`Левиин` for
//! `Levi`) spoils only the longer ones.

/// Letters of the name the key looks at.
const LETTERS: usize = 7;
/// Consonant classes kept after the first letter, at most.
const CLASSES: usize = 3;

/// The Latin letters for one lower-case letter (none for signs and letters
/// of other scripts).
fn latin(c: char) -> &'static str {
    match c {
        'a'..='z' => {
            const ASCII: [&str; 26] = [
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
                "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
            ];
            ASCII[(c as u8 - b'a') as usize]
        }
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ß' | 'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // Cyrillic
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' | 'є' => "e",
        'ж' => "z",
        'з' => "z",
        'и' | 'й' | 'і' | 'ї' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "ts",
        'ч' => "ch",
        // sh, written as s: the same key.
        'ш' | 'щ' => "s",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        // Greek
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "h",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        _ => "",
    }
}

/// The Soundex class of a Latin letter; 0 for vowels and the letters that
/// translations drop (`h`, `w`), which separate nothing.
fn class(b: u8) -> u8 {
    match b {
        b'b' | b'p' | b'v' => 1,
        b'f' => 8,
        b'c' | b'g' | b'k' | b'q' => 2,
        b's' | b'x' | b'z' => 3,
        b'd' | b't' => 4,
        b'l' => 5,
        b'm' | b'n' => 6,
        b'r' => 7,
        _ => 0,
    }
}

/// The sound keys of a word with one, two and three consonant classes (as
/// many as it has: the rest repeat the last), and how many it has; `None`
/// when it has no letters this knows. A key is a small number: the first
/// letter's class, then the consonant classes.
pub(crate) fn keys(word: &str) -> Option<([u32; CLASSES + 1], usize)> {
    let mut letters: Vec<u8> = Vec::with_capacity(LETTERS + 4);
    for c in word.chars().flat_map(char::to_lowercase) {
        letters.extend_from_slice(latin(c).as_bytes());
        if letters.len() >= LETTERS + 2 {
            break;
        }
    }
    // Digraphs, as Russian renders them: ch as h, th and ph as f.
    let mut read: Vec<u8> = Vec::with_capacity(letters.len());
    let mut k = 0;
    while k < letters.len() {
        match (letters[k], letters.get(k + 1)) {
            (b'c', Some(b'h')) => read.push(b'h'),
            (b't' | b'p', Some(b'h')) => read.push(b'f'),
            (x, _) => {
                read.push(x);
                k += 1;
                continue;
            }
        }
        k += 2;
    }
    read.truncate(LETTERS);
    let (&first, rest) = read.split_first()?;
    let head = match first {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'j' | b'h' | b'w' => 0,
        other => class(other),
    };
    let mut code = u32::from(head) + 1;
    let mut last = head;
    let mut out = [code; CLASSES + 1];
    let mut kept = 0;
    for &b in rest {
        let c = class(b);
        if c == 0 || c == last {
            continue;
        }
        code = code * 9 + u32::from(c);
        last = c;
        kept += 1;
        out[kept..].fill(code);
        if kept == CLASSES {
            break;
        }
    }
    Some((out, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_across_scripts_and_spellings() {
        let same = [
            ["Naomi", "Noomi", "Ноеминь"],
            ["Babylon", "Babilonia", "Вавилон"],
            ["Abraham", "Abrahams", "Авраама"],
            ["Jesus", "Jesús", "Иисус"],
            ["Moses", "Mose", "Моисей"],
            ["Christ", "Christus", "Христос"],
            ["Elimelech", "Elimelech", "Елимелех"],
            ["Egypt", "Ägypten", "Египет"],
            ["Petros", "Peter", "Πέτρος"],
            ["Matthat", "Matthat", "Матфатов"],
            ["Melchi", "Melchi", "Мелхиев"],
            ["Levi", "Levi", "Левиин"],
            ["Pharaoh", "Pharao", "Фараон"],
            ["Ruth", "Ruth", "Руфь"],
        ];
        for names in same {
            let all: Vec<[u32; CLASSES + 1]> =
                names.iter().filter_map(|n| keys(n)).map(|k| k.0).collect();
            assert_eq!(all.len(), 3, "{names:?}");
            // Some level of the key is the same for all three.
            let meet = (0..=CLASSES).any(|l| all.iter().all(|k| k[l] == all[0][l]));
            assert!(meet, "{names:?}: {all:?}");
        }
    }

    #[test]
    fn different_names_differ() {
        let names = [
            "Naomi", "Boaz", "Ruth", "Moab", "Obed", "Jesse", "David", "Orpah",
        ];
        let long: std::collections::HashSet<_> = names.iter().map(|n| keys(n)).collect();
        assert_eq!(long.len(), names.len());
    }

    #[test]
    fn no_letters_no_key() {
        assert_eq!(keys("人人"), None);
        assert_eq!(keys(""), None);
    }
}
