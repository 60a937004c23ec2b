//! Cleaning up an edit script so that it reads as an editor would mark it.

use super::ops::{Op, OpKind, Span, push_span, rebuild, shift_common_spaces, span_ops};
use super::tokens::word_chars;
use crate::text::is_cjk;

/// Merges short coincidental equalities between edits into the edits, as
/// diff-match-patch's semantic cleanup does, so that a reader sees
/// `[-in the house-]{+on a boat+}` rather than three small replacements.
///
/// An equality between two edits is merged when it holds no letters or digits
/// (only spaces and punctuation), or when twice its letters are no more than
/// the larger side of the edit before it and of the edit after it. So
/// `brown fox jumps` → `red fox leaped` keeps `fox` (3 letters against edits
/// of 5 and 6), while a lone `a` between two long edits is absorbed. Merging
/// cascades: a grown edit may absorb the equality before it too. A short word
/// between two edits of one word each is kept in every script, since two
/// word changes are what an editor sees there: `[-friend-]{+colleague+} in
/// [-Beijing-]{+Shanghai+}`, `我的[-朋友-]{+同事+}在[-北京-]{+上海+}工作`.
///
/// After cleanup each edit is one delete followed by one insert, and the ops
/// still rebuild both texts exactly.
pub fn cleanup(ops: Vec<Op>) -> Vec<Op> {
    let a = rebuild(&ops, OpKind::Delete);
    let b = rebuild(&ops, OpKind::Insert);
    let mut spans = Vec::with_capacity(ops.len());
    let (mut pa, mut pb) = (0, 0);
    for op in &ops {
        let n = op.text.len();
        let span = match op.op {
            OpKind::Equal => Span {
                a: pa..pa + n,
                b: pb..pb + n,
                equal: true,
            },
            OpKind::Delete => Span {
                a: pa..pa + n,
                b: pb..pb,
                equal: false,
            },
            OpKind::Insert => Span {
                a: pa..pa,
                b: pb..pb + n,
                equal: false,
            },
        };
        pa = span.a.end;
        pb = span.b.end;
        push_span(&mut spans, span);
    }
    finish(&a, &b, spans)
}

/// The ops of a raw script: cleaned up, edits widened to the sentences they
/// mostly cover, and sentences that moved within the row marked.
pub(super) fn finish(a: &str, b: &str, spans: Vec<Span>) -> Vec<Op> {
    let spans = super::sentences::snap(a, b, cleanup_spans(a, b, spans));
    let mut ops = span_ops(a, b, &spans);
    super::sentences::mark_moves(&mut ops);
    ops
}

fn cleanup_spans(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let spans = shift_common_spaces(a, b, spans);
    let edit_size = |s: &Span| word_chars(&a[s.a.clone()]).max(word_chars(&b[s.b.clone()]));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        let is_edit = !span.equal;
        push_span(&mut out, span);
        if !is_edit {
            continue;
        }
        // While the spans end in edit, equality, edit and that equality is coincidental, merge the three.
        while out.len() >= 3 {
            let n = out.len();
            let letters = word_chars(&a[out[n - 2].a.clone()]);
            // Twice its letters more than the smaller edit around it: the edit
            // before is sized only when the one after does not decide.
            if letters > 0
                && (2 * letters > edit_size(&out[n - 1]) || 2 * letters > edit_size(&out[n - 3]))
            {
                break;
            }
            let word_sized =
                |s: &Span| is_word_sized(&a[s.a.clone()]) && is_word_sized(&b[s.b.clone()]);
            if is_short_word(&a[out[n - 2].a.clone()])
                && word_sized(&out[n - 3])
                && word_sized(&out[n - 1])
            {
                // `[-friend-]{+colleague+} in [-Beijing-]{+Shanghai+}`: two word
                // changes, and the word between them is the same.
                break;
            }
            let (a_end, b_end) = out.pop().map_or((0, 0), |s| (s.a.end, s.b.end));
            out.pop();
            if let Some(edit) = out.last_mut() {
                edit.a.end = a_end;
                edit.b.end = b_end;
            }
        }
    }
    out
}

/// One word of at most four letters (`in`, `the`), or one or two CJK
/// characters (`在`), with the spaces around it.
fn is_short_word(text: &str) -> bool {
    let word = text.trim();
    if word.is_empty()
        || word.contains(char::is_whitespace)
        || !word.chars().all(char::is_alphanumeric)
    {
        return false;
    }
    let cjk = word.chars().filter(|&c| is_cjk(c)).count();
    if cjk > 0 {
        cjk == word.chars().count() && cjk <= 2
    } else {
        word.chars().count() <= 4
    }
}

/// One side of an edit that is at most one word: no space inside, and in
/// Chinese or Japanese at most four characters (a word of two is usual).
fn is_word_sized(text: &str) -> bool {
    let word = text.trim();
    if word.contains(char::is_whitespace) {
        return false;
    }
    let cjk = word.chars().filter(|&c| is_cjk(c)).count();
    cjk == 0 || word.chars().count() <= 4
}

#[cfg(test)]
mod tests {
    use super::super::testutil::wdiff;

    #[test]
    fn spaces_between_edits_are_absorbed() {
        assert_eq!(
            wdiff("it sat in the house today", "it sat on a boat today"),
            "it sat [-in the house-]{+on a boat+} today"
        );
    }

    #[test]
    fn coincidental_short_word_is_absorbed() {
        assert_eq!(
            wdiff(
                "whereupon the committee resolved a permanent arrangement",
                "although the secretariat proposed a temporary settlement"
            ),
            "[-whereupon the committee resolved a permanent arrangement-]{+although the secretariat proposed a temporary settlement+}"
        );
    }

    #[test]
    fn cjk_diff_marks_characters() {
        assert_eq!(
            wdiff(
                "人人生而自由，在尊严和权利上一律平等。",
                "人人生而平等，在尊严和权利上一律自由。"
            ),
            "人人生而[-自由-]{+平等+}，在尊严和权利上一律[-平等-]{+自由+}。"
        );
    }

    #[test]
    fn a_short_word_between_two_word_changes_stays_in_every_script() {
        assert_eq!(
            wdiff("我的朋友在北京工作。", "我的同事在上海工作。"),
            "我的[-朋友-]{+同事+}在[-北京-]{+上海+}工作。"
        );
        assert_eq!(
            wdiff(
                "My friend in Beijing works for a bank.",
                "My colleague in Shanghai works for a bank."
            ),
            "My [-friend-]{+colleague+} in [-Beijing-]{+Shanghai+} works for a bank."
        );
        // Between longer rewrites the short word is still absorbed.
        assert_eq!(
            wdiff(
                "the old friend in distant Beijing",
                "a new colleague in nearby Shanghai"
            ),
            "[-the old friend in distant Beijing-]{+a new colleague in nearby Shanghai+}"
        );
    }
}
