//! Status: for each version, its last change, its approval, its open
//! proposals, and the segments that are stale because their source changed.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use git2::Oid;

use super::approval::{Finder, Resolved, approvals_at};
use super::blame::blame_ids;
use super::confirmation::{Confirmation, confirmations_at};
use super::pair::{Pair, Sides};
use super::review::open_proposals;
use super::revisions::Revisions;
use super::{WorkflowError, Workspace};
use crate::store::{CommitInfo, Role, VersionMeta};

/// A segment of a translation whose source changed after the translation last
/// changed it (or a translator last confirmed it, `emend confirm`), so that the
/// translation must change too (a segment in the source's language that already has
/// the source's new text is not stale).
#[derive(Debug, Clone)]
pub struct Stale {
    /// The segment's key in the translation.
    pub key: String,
    /// The aligned segments of the source.
    pub source_keys: Vec<String>,
    /// The translation's last change of this segment.
    pub translated_in: CommitInfo,
    /// The source's later change.
    pub source_changed_in: CommitInfo,
    /// The latest confirmation of this segment (`emend confirm`), where it is later than
    /// `translated_in`: the commit it was confirmed at (HEAD then), which the source's
    /// change came after.
    pub confirmed_at: Option<CommitInfo>,
}

impl Stale {
    /// The commit the segment was last translated or confirmed at: the source's changes
    /// since are what makes it stale.
    pub fn since(&self) -> &CommitInfo {
        self.confirmed_at.as_ref().unwrap_or(&self.translated_in)
    }
}

/// The state of one version.
#[derive(Debug, Clone)]
pub struct VersionStatus {
    pub meta: VersionMeta,
    pub last_change: Option<CommitInfo>,
    /// Its latest approval, and where the approved text was found on the current branch
    /// (an approval whose text is lost is here, with no commit).
    pub approval: Option<Resolved>,
    /// Rows that differ between the approved revision and now (None when not approved, or lost).
    pub rows_since_approval: Option<usize>,
    /// Names of the open proposals for this version.
    pub proposals: Vec<String>,
    /// Empty for versions not made `--from` another.
    pub stale: Vec<Stale>,
    /// Keys of the source's segments that have nothing aligned with them in this
    /// version: what is still to translate. Only for a version whose role is
    /// translation (a draft leaves out what it means to).
    pub untranslated: Vec<String>,
}

/// The status of every version of `doc`.
pub fn status(ws: &Workspace, doc: &str) -> Result<Vec<VersionStatus>, WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    let approvals = approvals_at(ws, head, doc)?;
    let mut finder = Finder::new(ws, head);
    let open = open_proposals(ws, Some(doc))?;
    let order = Order::new(ws, head)?;
    let confirmations = confirmations_at(ws, head, doc)?;
    let mut blamed: HashMap<String, Vec<Option<Rc<CommitInfo>>>> = HashMap::new();
    let mut out = Vec::new();
    for v in &meta.versions {
        let path = ws.layout.version_file(doc, &v.id);
        let last_change = ws.store.history(&path, head)?.into_iter().next();
        let approval = finder.latest(doc, &approvals, &v.id)?;
        let mut revisions = Revisions::new(ws, doc, &v.id);
        let rows_since_approval = match approval.as_ref().and_then(|a| a.commit) {
            Some(at) => {
                let then = revisions.revision(at)?;
                let now = revisions.revision(head)?;
                Some(revisions.diff(Some(then), now)?.changed)
            }
            None => None,
        };
        let (stale, mut untranslated) = match &v.from {
            Some(from) if meta.version(from).is_some() => {
                let known = Known {
                    order: &order,
                    confirmations: &confirmations,
                };
                stale_segments(ws, doc, v, from, &meta, &known, &mut blamed)?
            }
            _ => (Vec::new(), Vec::new()),
        };
        if v.role != Role::Translation {
            untranslated.clear();
        }
        out.push(VersionStatus {
            meta: v.clone(),
            last_change,
            approval,
            rows_since_approval,
            proposals: open
                .iter()
                .filter(|p| p.version == v.id)
                .map(|p| p.name.clone())
                .collect(),
            stale,
            untranslated,
        });
    }
    Ok(out)
}

/// The commits reachable from HEAD in order, to tell which change came after which.
struct Order<'w> {
    ws: &'w Workspace,
    positions: HashMap<Oid, usize>,
    /// Some commit is a merge: order alone does not say what is whose ancestor.
    merges: bool,
    ancestors: RefCell<HashMap<(Oid, Oid), bool>>,
}

impl<'w> Order<'w> {
    fn new(ws: &'w Workspace, head: Oid) -> Result<Order<'w>, WorkflowError> {
        let (positions, merges) = ws.store.topological_positions(head)?;
        Ok(Order {
            ws,
            positions,
            merges,
            ancestors: RefCell::new(HashMap::new()),
        })
    }

    fn position(&self, c: Oid) -> usize {
        self.positions.get(&c).copied().unwrap_or(0)
    }

    /// `c` is on the branch.
    fn holds(&self, c: Oid) -> bool {
        self.positions.contains_key(&c)
    }

    /// `later` is `earlier` or has it in its history.
    fn built_on(&self, later: Oid, earlier: Oid) -> Result<bool, WorkflowError> {
        if self.position(earlier) > self.position(later) {
            return Ok(false);
        }
        if !self.merges {
            return Ok(true);
        }
        let key = (earlier, later);
        if let Some(&known) = self.ancestors.borrow().get(&key) {
            return Ok(known);
        }
        let is = self.ws.store.is_ancestor(earlier, later)?;
        self.ancestors.borrow_mut().insert(key, is);
        Ok(is)
    }

    /// The later of two commits in the order (`b` when they are the same).
    fn later<'c>(&self, a: &'c CommitInfo, b: &'c CommitInfo) -> &'c CommitInfo {
        if self.position(a.id) > self.position(b.id) {
            a
        } else {
            b
        }
    }
}

fn blame_of<'c>(
    ws: &Workspace,
    doc: &str,
    version: &str,
    cache: &'c mut HashMap<String, Vec<Option<Rc<CommitInfo>>>>,
) -> Result<&'c Vec<Option<Rc<CommitInfo>>>, WorkflowError> {
    if !cache.contains_key(version) {
        let mut revisions = Revisions::new(ws, doc, version);
        let ids = blame_ids(ws, doc, version, ws.head()?, &mut revisions)?;
        cache.insert(version.to_string(), ids);
    }
    Ok(&cache[version])
}

/// What tells a stale segment from one kept up to date: the order of the branch's commits,
/// and the document's confirmations.
struct Known<'k, 'w> {
    order: &'k Order<'w>,
    confirmations: &'k [Confirmation],
}

/// The stale segments of `version` of `doc` at HEAD (none when it has no source version).
pub(crate) fn stale_of(
    ws: &Workspace,
    doc: &str,
    version: &str,
) -> Result<Vec<Stale>, WorkflowError> {
    stale_counting(ws, doc, version, true)
}

/// How many of `keys` (of `version` of `doc`) are stale at HEAD, as `status` finds them.
pub fn count_stale(
    ws: &Workspace,
    doc: &str,
    version: &str,
    keys: &[String],
) -> Result<usize, WorkflowError> {
    if keys.is_empty() {
        return Ok(0);
    }
    let stale = stale_of(ws, doc, version)?;
    let stale: HashSet<&str> = stale.iter().map(|s| s.key.as_str()).collect();
    Ok(keys.iter().filter(|k| stale.contains(k.as_str())).count())
}

/// The segments of `version` of `doc` that would be stale at HEAD were none confirmed:
/// with [`stale_of`], what confirmations cover.
pub(crate) fn stale_unconfirmed(
    ws: &Workspace,
    doc: &str,
    version: &str,
) -> Result<Vec<Stale>, WorkflowError> {
    stale_counting(ws, doc, version, false)
}

fn stale_counting(
    ws: &Workspace,
    doc: &str,
    version: &str,
    confirmed: bool,
) -> Result<Vec<Stale>, WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    let v = ws.version_meta(doc, &meta, version, "HEAD")?;
    let Some(from) = v.from.as_deref().filter(|f| meta.version(f).is_some()) else {
        return Ok(Vec::new());
    };
    let order = Order::new(ws, head)?;
    let confirmations = if confirmed {
        confirmations_at(ws, head, doc)?
    } else {
        Vec::new()
    };
    let known = Known {
        order: &order,
        confirmations: &confirmations,
    };
    let (stale, _) = stale_segments(ws, doc, &v, from, &meta, &known, &mut HashMap::new())?;
    Ok(stale)
}

/// For a confirmation whose commit is not on the branch (a rebase or a cherry-pick replaced
/// it): the newest commit in the branch's history that changed the source `from` to the
/// text the confirmation read (`blob`), which saw the same source; none when no commit did.
/// Approvals are found again the same way.
fn refound(
    ws: &Workspace,
    doc: &str,
    from: &str,
    head: Oid,
    blob: Oid,
) -> Result<Option<Oid>, WorkflowError> {
    let path = ws.layout.version_file(doc, from);
    Ok(ws.store.commits_by_blob(&path, head)?.get(&blob).copied())
}

/// The segments of `v` whose aligned segments of `from` changed after `v` last changed
/// them, or a translator last confirmed them, and the keys of the segments of `from` that
/// nothing of `v` is aligned with.
fn stale_segments(
    ws: &Workspace,
    doc: &str,
    v: &VersionMeta,
    from: &str,
    meta: &crate::store::DocumentMeta,
    known: &Known,
    cache: &mut HashMap<String, Vec<Option<Rc<CommitInfo>>>>,
) -> Result<(Vec<Stale>, Vec<String>), WorkflowError> {
    let order = known.order;
    let head = ws.head()?;
    let source_meta = ws.version_meta(doc, meta, from, "HEAD")?;
    let sides = Sides {
        source: from,
        source_language: &source_meta.language,
        target: &v.id,
        target_language: &v.language,
    };
    let pair = Pair::at(ws, doc, &sides, head)?;
    let source_blame = blame_of(ws, doc, from, cache)?.clone();
    let target_blame = blame_of(ws, doc, &v.id, cache)?.clone();
    // This version's confirmations against this source, each with the commit on this
    // branch it saw the source at.
    let mut confirmations: Vec<(&Confirmation, Oid)> = Vec::new();
    for c in known.confirmations {
        if c.version != v.id || c.source != from {
            continue;
        }
        if order.holds(c.commit) {
            confirmations.push((c, c.commit));
        } else if let Some(at) = refound(ws, doc, from, head, c.source_blob)? {
            confirmations.push((c, at));
        }
    }
    let mut out = Vec::new();
    for row in &pair.rows {
        let changes: Vec<&CommitInfo> = row
            .a
            .iter()
            .filter_map(|&i| source_blame.get(i).and_then(Option::as_deref))
            .collect();
        if changes.is_empty() {
            continue;
        }
        for (&j, key) in row.b.iter().zip(&row.b_keys) {
            let Some(translated) = target_blame.get(j).cloned().flatten() else {
                continue;
            };
            let confirmed: Vec<Oid> = confirmations
                .iter()
                .filter(|(c, _)| c.keys.contains(key))
                .map(|&(_, at)| at)
                .collect();
            // The latest of the source's changes that neither the translation's change nor a
            // confirmation built on.
            let mut latest: Option<&CommitInfo> = None;
            for &c in &changes {
                if order.built_on(translated.id, c.id)? {
                    continue;
                }
                let mut seen = false;
                for &at in &confirmed {
                    if order.built_on(at, c.id)? {
                        seen = true;
                        break;
                    }
                }
                if !seen {
                    latest = Some(latest.map_or(c, |l| order.later(l, c)));
                }
            }
            if let Some(latest) = latest {
                // The latest confirmation later than the translation's change, if any.
                let last = confirmed
                    .iter()
                    .copied()
                    .filter(|&at| order.position(at) > order.position(translated.id))
                    .max_by_key(|&at| order.position(at));
                let confirmed_at = match last {
                    Some(at) => Some(ws.store.commit_info(at)?),
                    None => None,
                };
                out.push(Stale {
                    key: key.clone(),
                    source_keys: row.a_keys.clone(),
                    translated_in: (*translated).clone(),
                    source_changed_in: latest.clone(),
                    confirmed_at,
                });
            }
        }
    }
    Ok((out, pair.missing))
}
