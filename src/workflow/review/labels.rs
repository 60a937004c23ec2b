//! Numbered lists in a review: which points count together (1, 2, 3 ... or
//! a, b, c ...), whether a list is numbered in sequence, and renumbering one.
//!
//! A **list** is a run of points at one indentation with labels of one form
//! (`- 1.`, `(a)`, `IV.`), not crossing a heading; points indented deeper
//! form lists of their own, and paragraphs without a label belong to the
//! point before them. A list is **in sequence** when its labels count up by
//! one (numbers, letters or roman numerals). When every list that a list of
//! the result is made from is in sequence, with the same start and form, and
//! one of them is the proposal's, its labels are positions: the result is
//! numbered in sequence again, so that a rejected deletion keeps its point and
//! the points after it follow. Where the proposal has no list (it printed
//! numbered verses as paragraphs), the labels left name their points and stay.

/// One block of a text, as far as numbering is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Heading,
    /// A paragraph without a label (a later paragraph of a point, or prose).
    Plain,
    /// A paragraph that starts with a point label.
    Point {
        indent: usize,
        written: String,
    },
}

/// A label split around its counter: `- 2.3.` → (`- 2.`, `3`, `.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub prefix: String,
    pub counter: String,
    pub suffix: String,
}

impl Written {
    /// Splits a label as written; `None` when it has no letters or digits.
    pub fn parse(written: &str) -> Option<Written> {
        let end = written
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())?;
        let start = written[..end]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(end, |(i, _)| i);
        Some(Written {
            prefix: written[..start].to_string(),
            counter: written[start..end].to_string(),
            suffix: written[end..].to_string(),
        })
    }

    /// The label with another counter.
    pub fn with_counter(&self, counter: &str) -> String {
        format!("{}{counter}{}", self.prefix, self.suffix)
    }
}

/// What makes two points members of one list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Form {
    pub indent: usize,
    pub prefix: String,
    pub suffix: String,
    /// Digits, lower-case or upper-case letters.
    pub class: u8,
}

fn form_of(indent: usize, written: &Written) -> Form {
    let class = if written.counter.chars().all(|c| c.is_ascii_digit()) {
        0
    } else if written.counter.chars().all(char::is_lowercase) {
        1
    } else {
        2
    };
    Form {
        indent,
        prefix: written.prefix.clone(),
        suffix: written.suffix.clone(),
        class,
    }
}

/// How a list counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Number,
    Letter { upper: bool },
    Roman { upper: bool },
}

impl Scheme {
    fn value(self, counter: &str) -> Option<u32> {
        match self {
            Scheme::Number => {
                if counter.is_empty() || counter.len() > 4 {
                    return None;
                }
                counter.parse().ok()
            }
            Scheme::Letter { upper } => {
                let mut chars = counter.chars();
                let c = chars.next()?;
                if chars.next().is_some()
                    || !c.is_ascii_alphabetic()
                    || c.is_ascii_uppercase() != upper
                {
                    return None;
                }
                Some(u32::from(c.to_ascii_lowercase() as u8 - b'a') + 1)
            }
            Scheme::Roman { upper } => {
                if counter.chars().any(|c| c.is_ascii_uppercase() != upper) {
                    return None;
                }
                crate::text::roman_value(counter)
            }
        }
    }

    /// The counter for `value`, or `None` where the scheme has none (letters past `z`).
    pub fn counter(self, value: u32) -> Option<String> {
        match self {
            Scheme::Number => Some(value.to_string()),
            Scheme::Letter { upper } => {
                let n = u8::try_from(value).ok().filter(|n| (1..=26).contains(n))?;
                let c = char::from(b'a' + n - 1);
                Some(if upper { c.to_ascii_uppercase() } else { c }.to_string())
            }
            Scheme::Roman { upper } => {
                if value == 0 || value > 3999 {
                    return None;
                }
                let r = crate::text::to_roman(value);
                Some(if upper { r } else { r.to_ascii_lowercase() })
            }
        }
    }
}

/// How a list in sequence is numbered: its scheme and first value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub scheme: Scheme,
    pub start: u32,
}

/// One list of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct List {
    pub form: Form,
    /// The counters of its points, in order.
    pub counters: Vec<String>,
    /// `Some` when the counters count up by one.
    pub sequence: Option<Sequence>,
}

/// The lists of a text: for each entry, its list and place in it (points only).
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists {
    pub lists: Vec<List>,
    pub of_entry: Vec<Option<usize>>,
}

impl Lists {
    /// The entries of each list, in order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.lists.len()];
        for (k, of) in self.of_entry.iter().enumerate() {
            if let Some(l) = of {
                out[*l].push(k);
            }
        }
        out
    }
}

/// Finds the lists of a sequence of entries.
pub(crate) fn lists(entries: &[Entry]) -> Lists {
    let mut out = Lists {
        lists: Vec::new(),
        of_entry: vec![None; entries.len()],
    };
    // Open lists by indentation, innermost last.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (k, entry) in entries.iter().enumerate() {
        let (indent, written) = match entry {
            Entry::Heading => {
                open.clear();
                continue;
            }
            Entry::Plain => continue,
            Entry::Point { indent, written } => (*indent, written),
        };
        let Some(w) = Written::parse(written) else {
            continue;
        };
        let form = form_of(indent, &w);
        while open.last().is_some_and(|&(i, _)| i > indent) {
            open.pop();
        }
        let joined = match open.last() {
            Some(&(i, list)) if i == indent && out.lists[list].form == form => Some(list),
            Some(&(i, _)) if i == indent => {
                open.pop();
                None
            }
            _ => None,
        };
        let list = joined.unwrap_or_else(|| {
            out.lists.push(List {
                form,
                counters: Vec::new(),
                sequence: None,
            });
            open.push((indent, out.lists.len() - 1));
            out.lists.len() - 1
        });
        out.lists[list].counters.push(w.counter);
        out.of_entry[k] = Some(list);
    }
    for list in &mut out.lists {
        list.sequence = sequence_of(&list.counters);
    }
    out
}

/// The sequence the counters follow, if they count up by one.
fn sequence_of(counters: &[String]) -> Option<Sequence> {
    let first = counters.first()?;
    let upper = first.chars().any(|c| c.is_uppercase());
    [
        Scheme::Number,
        Scheme::Letter { upper },
        Scheme::Roman { upper },
    ]
    .into_iter()
    .find_map(|scheme| {
        let values: Option<Vec<u32>> = counters.iter().map(|c| scheme.value(c)).collect();
        let values = values?;
        values
            .windows(2)
            .all(|w| w[1] == w[0] + 1)
            .then_some(Sequence {
                scheme,
                start: values[0],
            })
    })
}

/// The one sequence shared by every list in `involved` (all in sequence, same
/// form and start), or `None`.
pub(crate) fn shared_sequence<'l>(
    involved: impl IntoIterator<Item = &'l List>,
    form: &Form,
) -> Option<Sequence> {
    let mut shared: Option<Sequence> = None;
    for list in involved {
        let seq = list.sequence?;
        if &list.form != form || shared.is_some_and(|s| s != seq) {
            return None;
        }
        shared = Some(seq);
    }
    shared
}

/// A list's counters for a reader: runs of three or more numbers that count
/// up by one written as `1–5` (a chapter's 22 verses with a gap read
/// `1–5, 11–22`, not every number), the others as they are.
pub(super) fn in_runs(counters: &[String]) -> String {
    let numbers: Vec<Option<u64>> = counters.iter().map(|c| c.parse().ok()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < counters.len() {
        let mut end = k;
        while let (Some(Some(a)), Some(Some(b))) = (numbers.get(end), numbers.get(end + 1)) {
            if a + 1 != *b {
                break;
            }
            end += 1;
        }
        if end >= k + 2 {
            out.push(format!("{}–{}", counters[k], counters[end]));
            k = end + 1;
        } else {
            out.push(counters[k].clone());
            k += 1;
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(written: &str) -> Entry {
        Entry::Point {
            indent: 0,
            written: written.to_string(),
        }
    }

    #[test]
    fn labels_split_around_their_counter() {
        let w = Written::parse("- 2.3.").unwrap();
        assert_eq!(
            (w.prefix.as_str(), w.counter.as_str(), w.suffix.as_str()),
            ("- 2.", "3", ".")
        );
        assert_eq!(w.with_counter("4"), "- 2.4.");
        let w = Written::parse("(iv)").unwrap();
        assert_eq!(
            (w.prefix.as_str(), w.counter.as_str(), w.suffix.as_str()),
            ("(", "iv", ")")
        );
        assert_eq!(Written::parse("- ."), None);
    }

    #[test]
    fn a_list_counts_in_sequence_or_not() {
        let l = lists(&[point("1."), Entry::Plain, point("2."), point("3.")]);
        assert_eq!(l.lists.len(), 1);
        assert_eq!(l.of_entry, vec![Some(0), None, Some(0), Some(0)]);
        assert_eq!(
            l.lists[0].sequence,
            Some(Sequence {
                scheme: Scheme::Number,
                start: 1
            })
        );
        let l = lists(&[point("1."), point("2."), point("2."), point("4.")]);
        assert_eq!(l.lists[0].sequence, None);
        let l = lists(&[point("i)"), point("ii)"), point("iii)")]);
        assert_eq!(
            l.lists[0].sequence.unwrap().scheme,
            Scheme::Roman { upper: false }
        );
        // "c" is a roman numeral too, but a, b, c count as letters.
        let l = lists(&[point("(a)"), point("(b)"), point("(c)")]);
        assert_eq!(
            l.lists[0].sequence.unwrap().scheme,
            Scheme::Letter { upper: false }
        );
    }

    #[test]
    fn headings_forms_and_indentation_separate_lists() {
        let nested = Entry::Point {
            indent: 3,
            written: "a)".to_string(),
        };
        let l = lists(&[
            point("1."),
            nested.clone(),
            nested.clone(),
            point("2."),
            nested,
            Entry::Heading,
            point("1."),
            point("1)"),
        ]);
        // 1-2, a-b under 1, a under 2, 1. after the heading, 1) in another form.
        assert_eq!(l.lists.len(), 5);
        assert_eq!(l.of_entry[0], l.of_entry[3]);
        assert_ne!(l.of_entry[1], l.of_entry[4]);
        assert_ne!(l.of_entry[0], l.of_entry[6]);
        assert_ne!(l.of_entry[6], l.of_entry[7]);
    }

    #[test]
    fn counters_are_written_in_their_scheme() {
        assert_eq!(Scheme::Number.counter(12).as_deref(), Some("12"));
        assert_eq!(
            Scheme::Letter { upper: true }.counter(3).as_deref(),
            Some("C")
        );
        assert_eq!(Scheme::Letter { upper: false }.counter(27), None);
        assert_eq!(
            Scheme::Roman { upper: false }.counter(14).as_deref(),
            Some("xiv")
        );
    }

    #[test]
    fn only_lists_in_one_sequence_share_it() {
        let a = lists(&[point("1."), point("2."), point("3.")]);
        let b = lists(&[point("1."), point("2.")]);
        let c = lists(&[point("2."), point("3.")]);
        let form = a.lists[0].form.clone();
        assert!(shared_sequence([&a.lists[0], &b.lists[0]], &form).is_some());
        assert!(shared_sequence([&a.lists[0], &c.lists[0]], &form).is_none());
        assert!(shared_sequence([], &form).is_none());
    }

    #[test]
    fn counters_that_count_up_are_written_as_runs() {
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let verses: Vec<String> = (1..=5).chain(11..=22).map(|n| n.to_string()).collect();
        assert_eq!(in_runs(&verses), "1–5, 11–22");
        assert_eq!(in_runs(&c(&["1", "2", "2", "4", "3"])), "1, 2, 2, 4, 3");
        assert_eq!(
            in_runs(&c(&["a", "b", "c", "7", "8", "9", "10"])),
            "a, b, c, 7–10"
        );
    }
}
