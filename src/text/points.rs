//! Points written line by line in plain text (`(a) one` / `(b) two` on
//! consecutive lines): which lines that start with a label start a point,
//! and which continue a sentence wrapped before a reference such as
//! "Section 2(a)" / "(4)".

use smallvec::SmallVec;

use super::label::{label_at, may_follow};

/// How many of a paragraph's labels [`PointLines`] keeps.
const SEEN: usize = 8;

/// The points of a paragraph written line by line (`(a) one` / `(b) two`):
/// which later lines that start with a label start a new point.
pub(super) struct PointLines {
    /// The labels of the points so far.
    seen: SmallVec<[String; 4]>,
}

impl PointLines {
    /// For a paragraph whose first line is `opening`.
    pub(super) fn new(opening: &str) -> PointLines {
        PointLines {
            seen: label_at(opening)
                .map(|l| l.key.to_string())
                .into_iter()
                .collect(),
        }
    }

    /// True when `line`, after `before`, starts a new point: it starts with a
    /// label, and either `before` ends a clause or the label may come next in
    /// the list ([`may_follow`]). "…authorized by this Section 2(a)" then
    /// "(4) never produces…" is one sentence wrapped, not a point 4.
    pub(super) fn starts_point(&mut self, before: &str, line: &str) -> bool {
        let Some(l) = label_at(line) else {
            return false;
        };
        if !ends_clause(before.trim_end()) && !may_follow(&self.seen, l.key) {
            return false;
        }
        // The last few labels are enough to find where a list goes on (a
        // sub-list of up to seven points and back); a list of 200,000 points
        // on as many lines is then read in linear time.
        if self.seen.len() == SEEN {
            self.seen.remove(0);
        }
        self.seen.push(l.key.to_string());
        true
    }
}

/// True when `line` ends a sentence or a clause (`.`, `;`, `:`, `,`, `!`,
/// `?`, in any script's form, before closing quotes), as the line before a
/// point does; a line cut mid-sentence ends with a word or `2(a)`.
fn ends_clause(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', '»', '」', '』'])
        .ends_with([
            '.', ';', ':', ',', '!', '?', '。', '；', '：', '，', '！', '？', '、', '…',
        ])
}
