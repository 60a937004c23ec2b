//! What counts as a difference: case, punctuation and bracketed annotations can be ignored.

use std::borrow::Cow;

/// Differences to ignore when deciding whether two texts are the same.
///
/// These never change the word ops shown for a changed row (the ops always
/// rebuild both texts exactly); they decide whether a row counts as changed,
/// and what the aligner treats as identical content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComparisonOptions {
    /// `The` and `the` are the same.
    pub ignore_case: bool,
    /// Punctuation marks are left out of the comparison.
    pub ignore_punctuation: bool,
    /// Bracketed editorial insertions (`[handwritten: functions]`, `[body]`) are
    /// left out of the comparison, brackets and contents.
    pub ignore_annotations: bool,
}

impl ComparisonOptions {
    /// True when no difference is ignored.
    pub fn is_exact(&self) -> bool {
        !(self.ignore_case || self.ignore_punctuation || self.ignore_annotations)
    }

    /// The form of `text` that is compared under these options.
    pub fn comparable<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_exact() {
            return Cow::Borrowed(text);
        }
        let mut s: Cow<str> = Cow::Borrowed(text);
        if self.ignore_annotations {
            s = Cow::Owned(strip_annotations(&s));
        }
        if self.ignore_punctuation {
            s = Cow::Owned(
                s.chars()
                    .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                    .collect(),
            );
        }
        if self.ignore_case {
            s = Cow::Owned(s.to_lowercase());
        }
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Removes bracketed insertions, `[...]`, with their contents; nested brackets count.
/// An unmatched `[` and everything after it is kept as text.
pub fn strip_annotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut pending = String::new();
    for c in text.chars() {
        match c {
            '[' => {
                depth += 1;
                pending.push(c);
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    pending.clear();
                } else {
                    pending.push(c);
                }
            }
            _ if depth > 0 => pending.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_removed_with_contents() {
        assert_eq!(
            strip_annotations("the [handwritten: functions] and a control [body]."),
            "the  and a control ."
        );
        assert_eq!(strip_annotations("a [b [c] d] e"), "a  e");
        assert_eq!(strip_annotations("open [ bracket"), "open [ bracket");
    }

    #[test]
    fn options_combine() {
        let all = ComparisonOptions {
            ignore_case: true,
            ignore_punctuation: true,
            ignore_annotations: true,
        };
        assert_eq!(
            all.comparable("The [handwritten: functions] Body, as control."),
            all.comparable("the body as control")
        );
        let exact = ComparisonOptions::default();
        assert_ne!(exact.comparable("The body."), exact.comparable("the body"));
    }
}
