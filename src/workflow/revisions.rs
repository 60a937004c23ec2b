//! Revisions of one version and what history needs of their comparison, with
//! at most two revisions' texts in memory and the comparisons cached on disk.
//!
//! `log`, `blame` and `status` compare each revision that changed a version
//! with its parents. Of each comparison they need little: how many rows
//! changed, and for each segment of the newer revision its row (status, moved,
//! the older segments it pairs with, and the older key where it differs). That
//! summary, a [`RevisionDiff`], is kept in the store's cache (`.git/emend-cache`,
//! see [`crate::store::Cache`]) under the two blob ids, so the second time the
//! same history is walked no text is read, segmented or compared.
//!
//! The cache entry is a line of JSON (`serde_json`), named `revdiff-2-OLD-NEW`
//! (`OLD` is `none` for the empty text before a version's first revision):
//! `{"old_len":31102,"new_len":31102,"changed":3,"same":[[0,0,1200],...],
//! "added":[],"rows":[{"status":"changed","moved":false,"a":[1200],"b":[1200],"a_key":null}]}`.
//! `same` holds runs `[a, b, n]` of rows that pair older segment `a + i` with
//! newer segment `b + i`, unchanged, not moved, under the same key; `added`
//! runs `[b, n]` of rows that each add newer segment `b + i`; `rows` holds
//! every other row that has newer segments, `a_key` being the older key of its
//! first older segment where that differs from the newer one's. On a revised
//! Bible an entry is about 440 bytes. An entry that does not parse, or does
//! not place every newer segment exactly once, is recomputed.

use std::rc::Rc;

use git2::Oid;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{WorkflowError, Workspace};
use crate::align::Mode;
use crate::align::Prepared;
use crate::diff::{CompareOptions, Comparison, Status, compare, compare_same_prepared};
use crate::store::{BlobReader, Cache, short_id};
use crate::text::{self, Document, Segment, segment_reusing};

/// The version of the cache entries' format; part of their names.
const FORMAT: u32 = 2;

/// How a cache entry's name gives a revision's blob: its id, or `none` where
/// the file is absent.
pub(crate) fn blob_name(blob: Option<Oid>) -> String {
    blob.map_or("none".to_string(), |b| b.to_string())
}

/// Same-language comparison of two revisions of one version.
pub(crate) fn compare_revisions(old: &Document, new: &Document) -> Comparison {
    compare(old, new, &revision_options())
}

/// How two revisions of one version are compared.
fn revision_options() -> CompareOptions {
    CompareOptions {
        mode: Some(Mode::SameLanguage),
        ..CompareOptions::default()
    }
}

/// What history needs of the comparison of two revisions (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RevisionDiff {
    old_len: usize,
    new_len: usize,
    /// Rows that differ (changed, added, removed, split, merged or moved).
    pub changed: usize,
    /// Runs `(a, b, n)` of unchanged rows in place under the same key, by `b`.
    same: Vec<(usize, usize, usize)>,
    /// Runs `(b, n)` of rows that each add one newer segment, not moved, by `b`.
    added: Vec<(usize, usize)>,
    /// Every other row with segments of the newer revision.
    rows: Vec<DiffRow>,
    /// Newer segment index to its row in `rows` (FxHash: `blame` asks this of every
    /// segment it follows, at every revision).
    #[serde(skip)]
    row_of: FxHashMap<usize, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DiffRow {
    status: Status,
    moved: bool,
    a: Vec<usize>,
    b: Vec<usize>,
    /// The key of `a[0]` where it differs from the key of `b`'s segment.
    a_key: Option<String>,
}

/// The row of one segment of the newer revision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Place<'d> {
    pub status: Status,
    pub moved: bool,
    /// The first older segment in the row, if any.
    pub a_first: Option<usize>,
    /// How many older segments the row has.
    pub a_len: usize,
    /// The older segment's key, where it is not the newer one's.
    pub a_key: Option<&'d str>,
}

impl Place<'_> {
    /// The row is the same text in the same place.
    pub fn kept(&self) -> bool {
        self.status == Status::Unchanged && !self.moved
    }
}

impl RevisionDiff {
    /// Summarises the comparison of `old` and `new`. As git compares two
    /// files, the segments the two revisions start and end with alike (same
    /// key, kind and text) are set aside first, unchanged and in place, when
    /// they are at least half of it; the rest is compared whole.
    #[cfg(test)]
    pub fn new(old: &Document, new: &Document) -> RevisionDiff {
        RevisionDiff::with_kept(old, new, [None, None]).0
    }

    /// [`RevisionDiff::new`], taking what was kept of either revision from its
    /// comparison with its other neighbour, and giving back what is kept of
    /// each for the next (see [`Prepared`]): a walk down a line of revisions
    /// then prepares each text once, not twice.
    pub fn with_kept(
        old: &Document,
        new: &Document,
        [known_old, known_new]: [Option<Prepared>; 2],
    ) -> (RevisionDiff, [Option<Prepared>; 2]) {
        let alike = |a: &Segment, b: &Segment| {
            a.key == b.key
                && a.text == b.text
                && a.kind == b.kind
                && a.level == b.level
                && a.label == b.label
        };
        let (lo, ln) = (old.segments.len(), new.segments.len());
        let start = old
            .segments
            .iter()
            .zip(&new.segments)
            .take_while(|(a, b)| alike(a, b))
            .count();
        let end = old.segments[start..]
            .iter()
            .rev()
            .zip(new.segments[start..].iter().rev())
            .take_while(|(a, b)| alike(a, b))
            .count();
        // Where the rest is most of the text, the texts are compared whole
        // rather than copied (changes spread over a text leave a long rest).
        let (start, end) = if 2 * (start + end) < lo.max(ln) {
            (0, 0)
        } else {
            (start, end)
        };
        let middle = |d: &Document, len: usize| Document {
            source: d.source.clone(),
            segments: d.segments[start..len - end].to_vec(),
            // Page furniture is not compared.
            dropped: Vec::new(),
        };
        let options = revision_options();
        let (cmp, kept) = if start + end == 0 {
            let (cmp, [ko, kn]) = compare_same_prepared(old, new, &options, [known_old, known_new]);
            (cmp, [Some(ko), Some(kn)])
        } else {
            // The middles are documents of their own: they take a part of what was kept.
            let part = |known: &Option<Prepared>, doc: &Document, len: usize| {
                known
                    .as_ref()
                    .filter(|k| k.fits(doc))
                    .map(|k| k.part(start..len - end))
            };
            let parts = [part(&known_old, old, lo), part(&known_new, new, ln)];
            let (mo, mn) = (middle(old, lo), middle(new, ln));
            let (cmp, _) = compare_same_prepared(&mo, &mn, &options, parts);
            (cmp, [known_old, known_new])
        };
        let mut same: Vec<(usize, usize, usize)> = Vec::new();
        if start > 0 {
            same.push((0, 0, start));
        }
        let mut rows = Vec::new();
        let mut added: Vec<(usize, usize)> = Vec::new();
        let mut changed = 0;
        for mut r in cmp.rows {
            r.a.iter_mut().for_each(|i| *i += start);
            r.b.iter_mut().for_each(|j| *j += start);
            if r.moved || r.status != Status::Unchanged {
                changed += 1;
            }
            if r.b.is_empty() {
                continue;
            }
            let in_place = r.status == Status::Unchanged
                && !r.moved
                && r.a.len() == 1
                && r.b.len() == 1
                && old.segments[r.a[0]].key == new.segments[r.b[0]].key;
            if in_place {
                let (a, b) = (r.a[0], r.b[0]);
                match same.last_mut() {
                    Some((a0, b0, n)) if *a0 + *n == a && *b0 + *n == b => *n += 1,
                    _ => same.push((a, b, 1)),
                }
                continue;
            }
            if r.status == Status::Added && !r.moved && r.a.is_empty() && r.b.len() == 1 {
                let b = r.b[0];
                match added.last_mut() {
                    Some((b0, n)) if *b0 + *n == b => *n += 1,
                    _ => added.push((b, 1)),
                }
                continue;
            }
            let a_key =
                r.a.first()
                    .map(|&i| &old.segments[i].key)
                    .filter(|k| **k != new.segments[r.b[0]].key)
                    .map(|k| k.to_string());
            rows.push(DiffRow {
                status: r.status,
                moved: r.moved,
                a: r.a.to_vec(),
                b: r.b.to_vec(),
                a_key,
            });
        }
        if end > 0 {
            same.push((lo - end, ln - end, end));
        }
        same.sort_unstable_by_key(|&(_, b, _)| b);
        added.sort_unstable();
        let d = RevisionDiff {
            old_len: old.segments.len(),
            new_len: new.segments.len(),
            changed,
            same,
            added,
            rows,
            row_of: FxHashMap::default(),
        }
        .indexed();
        (d, kept)
    }

    fn indexed(mut self) -> RevisionDiff {
        self.row_of = self
            .rows
            .iter()
            .enumerate()
            .flat_map(|(k, r)| r.b.iter().map(move |&j| (j, k)))
            .collect();
        self
    }

    /// Reads a cache entry; `None` unless it is whole and fits texts of these sizes.
    fn decode(bytes: &[u8]) -> Option<RevisionDiff> {
        let d: RevisionDiff = serde_json::from_slice(bytes).ok()?;
        let runs_fit = d.same.iter().all(|&(a, b, n)| {
            a.checked_add(n).is_some_and(|e| e <= d.old_len)
                && b.checked_add(n).is_some_and(|e| e <= d.new_len)
        });
        let rows_fit = d.rows.iter().all(|r| {
            !r.b.is_empty()
                && r.a.iter().all(|&i| i < d.old_len)
                && r.b.iter().all(|&j| j < d.new_len)
        });
        let added_fit = d
            .added
            .iter()
            .all(|&(b, n)| b.checked_add(n).is_some_and(|e| e <= d.new_len));
        if !(runs_fit && added_fit && rows_fit) {
            return None;
        }
        // Every newer segment in exactly one run or row.
        let mut seen = vec![false; d.new_len];
        let runs = d.same.iter().flat_map(|&(_, b, n)| b..b + n);
        let added = d.added.iter().flat_map(|&(b, n)| b..b + n);
        for j in runs
            .chain(added)
            .chain(d.rows.iter().flat_map(|r| r.b.iter().copied()))
        {
            if std::mem::replace(&mut seen[j], true) {
                return None;
            }
        }
        seen.iter().all(|&s| s).then(|| d.indexed())
    }

    /// How many segments the newer revision has.
    pub fn new_len(&self) -> usize {
        self.new_len
    }

    /// The newer segments of each row that differs and has some.
    pub fn changed_rows(&self) -> Vec<Vec<usize>> {
        let added = self
            .added
            .iter()
            .flat_map(|&(b, n)| (b..b + n).map(|j| vec![j]));
        self.rows
            .iter()
            .filter(|r| r.moved || r.status != Status::Unchanged)
            .map(|r| r.b.clone())
            .chain(added)
            .collect()
    }

    /// The row of segment `j` of the newer revision.
    pub fn place(&self, j: usize) -> Option<Place<'_>> {
        if let Some(&k) = self.row_of.get(&j) {
            let r = &self.rows[k];
            return Some(Place {
                status: r.status,
                moved: r.moved,
                a_first: r.a.first().copied(),
                a_len: r.a.len(),
                a_key: r.a_key.as_deref(),
            });
        }
        let run = self.added.partition_point(|&(b, _)| b <= j).checked_sub(1);
        if let Some((b, n)) = run.map(|k| self.added[k])
            && j < b + n
        {
            return Some(Place {
                status: Status::Added,
                moved: false,
                a_first: None,
                a_len: 0,
                a_key: None,
            });
        }
        let run = self
            .same
            .partition_point(|&(_, b, _)| b <= j)
            .checked_sub(1)?;
        let (a, b, n) = self.same[run];
        (j < b + n).then_some(Place {
            status: Status::Unchanged,
            moved: false,
            a_first: Some(a + (j - b)),
            a_len: 1,
            a_key: None,
        })
    }
}

/// The revisions of one version: texts read by blob id, at most two at once,
/// and their comparisons, from the cache where it has them.
pub(crate) struct Revisions<'w> {
    ws: &'w Workspace,
    path: String,
    cache: &'w Cache,
    /// Large revisions are read through git, which keeps their delta bases (see [`BlobReader`]).
    blobs: BlobReader<'w>,
    /// The last two texts read, the most recent last, with what was kept of
    /// each from its last comparison.
    window: Vec<(Oid, Rc<Document>, Option<Prepared>)>,
    empty: Rc<Document>,
}

/// A revision of a version: the commit (for messages) and the file's blob there.
pub(crate) type At = (Oid, Option<Oid>);

impl<'w> Revisions<'w> {
    pub fn new(ws: &'w Workspace, doc: &str, version: &str) -> Revisions<'w> {
        Revisions {
            ws,
            path: ws.layout.version_file(doc, version),
            cache: ws.store.cache(),
            blobs: ws.store.blob_reader(),
            window: Vec::with_capacity(2),
            empty: Rc::new(Document::default()),
        }
    }

    /// The revision at `commit`.
    pub fn revision(&self, commit: Oid) -> Result<At, WorkflowError> {
        Ok((commit, self.ws.store.blob_id_at(commit, &self.path)?))
    }

    /// The version at `commit` (an empty document where the file is absent).
    pub fn at(&mut self, commit: Oid) -> Result<Rc<Document>, WorkflowError> {
        let at = self.revision(commit)?;
        self.document(at)
    }

    /// The text of a revision.
    pub fn document(&mut self, (commit, blob): At) -> Result<Rc<Document>, WorkflowError> {
        let Some(blob) = blob else {
            return Ok(self.empty.clone());
        };
        if let Some(k) = self.window.iter().position(|(b, ..)| *b == blob) {
            let entry = self.window.remove(k);
            let doc = entry.1.clone();
            self.window.push(entry);
            return Ok(doc);
        }
        let name = format!("{} at {}", self.path, short_id(commit));
        let bytes = self.blobs.read(blob, &name)?;
        let text = text::decode_owned(bytes, &name)?;
        let (doc, hashes) = segment_reusing(text, &mut self.ws.blocks.borrow_mut());
        // Its texts' hashes came with the chunks they were read from: kept for its
        // first comparison, it is never hashed whole.
        let kept = hashes.map(|hash| Prepared::from_hashes(&doc, hash));
        let doc = Rc::new(doc);
        if self.window.len() == 2 {
            self.window.remove(0);
        }
        self.window.push((blob, doc.clone(), kept));
        Ok(doc)
    }

    /// What is kept of the text of `blob` while it is in the window.
    fn kept(&mut self, blob: Option<Oid>) -> Option<&mut Option<Prepared>> {
        let blob = blob?;
        self.window
            .iter_mut()
            .find(|(b, ..)| *b == blob)
            .map(|(.., k)| k)
    }

    /// The comparison of revision `old` (`None`: before the first) with `new`.
    pub fn diff(&mut self, old: Option<At>, new: At) -> Result<RevisionDiff, WorkflowError> {
        let name = format!(
            "revdiff-{FORMAT}-{}-{}",
            blob_name(old.and_then(|o| o.1)),
            blob_name(new.1)
        );
        if let Some(d) = self.cache.get(&name).and_then(|b| RevisionDiff::decode(&b)) {
            return Ok(d);
        }
        // The newer first: it is the older of the next comparison down a line.
        let new_doc = self.document(new)?;
        let old_doc = match old {
            Some(o) => self.document(o)?,
            None => self.empty.clone(),
        };
        let blobs = [old.and_then(|o| o.1), new.1];
        let known = blobs.map(|blob| self.kept(blob).and_then(Option::take));
        let (d, kept) = RevisionDiff::with_kept(&old_doc, &new_doc, known);
        for (blob, k) in blobs.into_iter().zip(kept) {
            if let Some(slot) = self.kept(blob) {
                *slot = k;
            }
        }
        if let Ok(bytes) = serde_json::to_vec(&d) {
            self.cache.put(&name, &bytes);
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn doc(text: &str) -> Document {
        segment(&text::normalize(text))
    }

    /// Every newer segment's place as the full comparison gives it.
    fn places_from_comparison(
        old: &Document,
        new: &Document,
    ) -> Vec<(Status, bool, Option<usize>, usize, String)> {
        let cmp = compare_revisions(old, new);
        (0..new.segments.len())
            .map(|j| {
                let r = cmp.rows.iter().find(|r| r.b.contains(&j)).unwrap();
                let a_key =
                    r.a.first()
                        .map(|&i| old.segments[i].key.to_string())
                        .unwrap_or_default();
                (r.status, r.moved, r.a.first().copied(), r.a.len(), a_key)
            })
            .collect()
    }

    fn places_from_summary(
        d: &RevisionDiff,
        new: &Document,
    ) -> Vec<(Status, bool, Option<usize>, usize, String)> {
        (0..new.segments.len())
            .map(|j| {
                let p = d.place(j).unwrap();
                let a_key = match (p.a_first, p.a_key) {
                    (None, _) => String::new(),
                    (Some(_), Some(k)) => k.to_string(),
                    (Some(_), None) => new.segments[j].key.to_string(),
                };
                (p.status, p.moved, p.a_first, p.a_len, a_key)
            })
            .collect()
    }

    #[test]
    fn the_summary_answers_as_the_comparison_does() {
        let old = doc(
            "# Title\n\n1. One fish.\n\n2. Two fish.\n\n3. Red fish.\n\n4. Blue fish.\n\nA closing line.\n",
        );
        // Renumbered (a point inserted), one changed, one split, one moved, one removed.
        let new = doc(
            "# Title\n\n1. One fish.\n\n2. A new point.\n\n3. Two fish.\n\n4. Red fish, said he.\n\nA closing line.\n\n5. Blue fish.\n",
        );
        let d = RevisionDiff::new(&old, &new);
        assert_eq!(
            places_from_summary(&d, &new),
            places_from_comparison(&old, &new)
        );
        let cmp = compare_revisions(&old, &new);
        assert_eq!(
            d.changed,
            cmp.rows
                .iter()
                .filter(|r| r.moved || r.status != Status::Unchanged)
                .count()
        );
        assert!(d.changed >= 3, "{d:?}");
        // The same through the cache's bytes.
        let again = RevisionDiff::decode(&serde_json::to_vec(&d).unwrap()).unwrap();
        assert_eq!(again, d);
        assert_eq!(
            places_from_summary(&again, &new),
            places_from_comparison(&old, &new)
        );
        // From nothing: every segment is added.
        let first = RevisionDiff::new(&Document::default(), &new);
        assert_eq!(first.changed, new.segments.len());
        assert!((0..new.segments.len()).all(|j| first.place(j).unwrap().status == Status::Added));
        assert_eq!(first.place(new.segments.len()), None);
    }

    #[test]
    fn on_the_declaration_the_summary_answers_as_the_whole_comparison_does() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/translations/udhr/en.md");
        let en = std::fs::read_to_string(path).unwrap();
        let five = "No one shall be subjected to torture or to cruel, inhuman or degrading treatment or punishment.\n\n";
        let revised = en
            .replacen(
                "the right to life, liberty",
                "the right to life, to liberty",
                1,
            )
            .replacen(five, "", 1)
            .replacen("## Article 20\n\n", &format!("## Article 20\n\n{five}"), 1)
            .replacen(
                "## Article 12\n\n",
                "## Article 12\n\nA paragraph of its own.\n\n",
                1,
            )
            .replacen(
                "Everyone is entitled in full equality",
                "All are entitled in full equality",
                1,
            );
        let (old, new) = (doc(&en), doc(&revised));
        assert!(old.segments.len() > 80);
        let d = RevisionDiff::new(&old, &new);
        assert_eq!(
            places_from_summary(&d, &new),
            places_from_comparison(&old, &new)
        );
        let cmp = compare_revisions(&old, &new);
        let changed = cmp
            .rows
            .iter()
            .filter(|r| r.moved || r.status != Status::Unchanged)
            .count();
        assert_eq!(d.changed, changed);
        assert!(changed >= 4, "{changed}");
        // And backwards: what was added is removed, what moved moves back.
        let back = RevisionDiff::new(&new, &old);
        assert_eq!(
            places_from_summary(&back, &old),
            places_from_comparison(&new, &old)
        );
    }

    /// A text of articles (numbered headings, so keys stay with their
    /// paragraphs) or of numbered points (renumbered by every edit).
    fn text_of(paras: &[(usize, String)], articles: bool) -> String {
        let mut out = String::from("# Title\n\n");
        for (k, (id, p)) in paras.iter().enumerate() {
            if articles {
                out.push_str(&format!("## Article {id}\n\n{p}\n\n"));
            } else {
                out.push_str(&format!("{}. {p}\n\n", k + 1));
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 128,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever was edited, removed, added or moved, the summary places
        /// every newer segment as the whole comparison does.
        #[test]
        fn the_summary_always_answers_as_the_whole_comparison(
            paras in proptest::collection::vec("[a-e]{1,3}( [a-e]{1,3}){2,6}", 4..40),
            edits in proptest::collection::vec((0u8..4, 0usize..64, 0usize..64, "[a-e]{1,3}( [a-e]{1,3}){2,6}"), 0..5),
            articles in proptest::bool::ANY,
        ) {
            let paras: Vec<(usize, String)> = paras.into_iter().enumerate().collect();
            let mut revised = paras.clone();
            for (k, (kind, i, j, text)) in edits.into_iter().enumerate() {
                let n = revised.len();
                match kind {
                    0 => revised[i % n].1 = text,
                    1 if n > 1 => { revised.remove(i % n); }
                    2 => revised.insert(i % (n + 1), (100 + k, text)),
                    _ => {
                        let p = revised.remove(i % n);
                        revised.insert(j % n, p);
                    }
                }
            }
            let old = doc(&text_of(&paras, articles));
            let new = doc(&text_of(&revised, articles));
            let d = RevisionDiff::new(&old, &new);
            proptest::prop_assert_eq!(places_from_summary(&d, &new), places_from_comparison(&old, &new));
            // What is kept of a revision from one comparison gives the next the same answer,
            // whether the texts are compared whole or by their middles.
            let (_, [_, kept_old]) = RevisionDiff::with_kept(&Document::default(), &old, [None, None]);
            proptest::prop_assert!(kept_old.is_some());
            let (again, kept) = RevisionDiff::with_kept(&old, &new, [kept_old, None]);
            proptest::prop_assert_eq!(&again, &d);
            let [kept_old, kept_new] = kept;
            let (back, _) = RevisionDiff::with_kept(&new, &old, [kept_new, kept_old]);
            proptest::prop_assert_eq!(back, RevisionDiff::new(&new, &old));
            let cmp = compare_revisions(&old, &new);
            proptest::prop_assert_eq!(
                d.changed,
                cmp.rows.iter().filter(|r| r.moved || r.status != Status::Unchanged).count()
            );
        }
    }

    #[test]
    fn an_entry_that_does_not_fit_is_refused() {
        let old = doc("1. One.\n\n2. Two.\n");
        let new = doc("1. One.\n\n2. Two, too.\n");
        let good = serde_json::to_string(&RevisionDiff::new(&old, &new)).unwrap();
        assert!(RevisionDiff::decode(good.as_bytes()).is_some());
        for bad in [
            good.replace("\"new_len\":2", "\"new_len\":1"),
            good.replace("\"new_len\":2", "\"new_len\":3"),
            good.replace("\"added\":[]", "\"added\":[[1,5]]"),
            good.replace("\"old_len\":2", "\"old_len\":0"),
            good[..good.len() / 2].to_string(),
            String::new(),
            "{}".to_string(),
        ] {
            assert!(RevisionDiff::decode(bad.as_bytes()).is_none(), "{bad}");
        }
    }
}
