//! The history of one file: the commits that changed it, through every parent
//! of a merge, as git's own history simplification finds them.
//!
//! A commit whose file is the same as in one of its parents did not change it,
//! and only that parent is followed (the first such): a merge that kept one
//! side's text (`git merge -s ours`, or a side that never touched the file)
//! hides the other side, as `git log -- FILE` does. A commit whose file differs
//! from every parent changed it, and all its parents are followed: a change
//! made in another clone and merged is found on its own branch. The walk holds
//! a few ids per commit and never a file's text.

use std::collections::{BinaryHeap, HashMap};

use git2::Oid;

use super::facts::Facts;
use super::{CommitInfo, Store, StoreError};

/// One commit that changed the file.
#[derive(Debug, Clone)]
pub struct PathChange {
    pub info: CommitInfo,
    /// The file's blob in this commit (`None`: the commit deleted it).
    pub blob: Option<Oid>,
    /// Each parent (none for a root commit), in the commit's order.
    pub parents: Vec<ParentLink>,
}

/// A parent of a [`PathChange`] and where the file's history goes on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentLink {
    pub id: Oid,
    /// The file's blob in the parent (`None`: absent there).
    pub blob: Option<Oid>,
    /// Index in the walk's list of the change that made this blob, the next one
    /// down this parent's line (`None` when the file has no history there).
    pub next: Option<usize>,
}

/// What the walk learns about each commit it reaches.
struct Node {
    id: Oid,
    /// Commit time, then author time (which orders commits made in one second).
    time: (i64, i64),
    blob: Option<Oid>,
    /// Parents followed: the one with the same file, or all of them.
    follow: Vec<(Oid, Option<Oid>)>,
    change: bool,
    /// Followed children not yet placed (for the topological order).
    waiting_children: usize,
}

impl Store {
    /// The commits reachable from `from` that changed the file at `path`,
    /// newest first in a topological order (every commit before its parents;
    /// among commits of parallel lines, the later commit time first, then the
    /// later author time). The first
    /// is where the file at `from` was last changed. A merge that kept one
    /// parent's file is followed into that parent only; one whose file differs
    /// from every parent is listed and followed into each parent.
    pub fn path_history(&self, path: &str, from: Oid) -> Result<Vec<PathChange>, StoreError> {
        let facts = Facts::new(self);
        let file = facts.path(path)?;
        let mut infos: HashMap<Oid, CommitInfo> = HashMap::new();

        // Reach every commit along the followed parents.
        let mut nodes: Vec<Node> = Vec::new();
        let mut index: HashMap<Oid, usize> = HashMap::new();
        let first = facts.commit(from)?;
        let mut stack = vec![(from, facts.blob(from, first.tree, &file)?)];
        while let Some((id, blob)) = stack.pop() {
            if let Some(&k) = index.get(&id) {
                nodes[k].waiting_children += 1;
                continue;
            }
            let commit = facts.commit(id)?;
            let mut parents = Vec::new();
            for &p in &commit.parents {
                let parent = facts.commit(p)?;
                // An unchanged root tree is an unchanged file: no need to look it up.
                let pb = if parent.tree == commit.tree {
                    blob
                } else {
                    facts.blob(p, parent.tree, &file)?
                };
                parents.push((p, pb));
            }
            let (follow, change) = match parents.iter().find(|(_, pb)| *pb == blob) {
                Some(&same) => (vec![same], false),
                None => (parents, blob.is_some() || !commit.parents.is_empty()),
            };
            for &(p, pb) in follow.iter().rev() {
                stack.push((p, pb));
            }
            index.insert(id, nodes.len());
            nodes.push(Node {
                id,
                time: commit.times,
                blob,
                follow,
                change,
                waiting_children: usize::from(id != from),
            });
            if change {
                infos.insert(id, facts.info(id)?);
            }
        }
        facts.save();

        // Place the commits children first, the later commit time first among those ready.
        let mut ready: BinaryHeap<((i64, i64), std::cmp::Reverse<usize>)> = BinaryHeap::new();
        ready.push((nodes[0].time, std::cmp::Reverse(0)));
        let mut order = Vec::with_capacity(nodes.len());
        while let Some((_, std::cmp::Reverse(k))) = ready.pop() {
            order.push(k);
            for f in 0..nodes[k].follow.len() {
                let p = index[&nodes[k].follow[f].0];
                nodes[p].waiting_children -= 1;
                if nodes[p].waiting_children == 0 {
                    ready.push((nodes[p].time, std::cmp::Reverse(p)));
                }
            }
        }

        // Number the changes in that order; a parent link goes down unchanged
        // commits to the change below.
        let mut change_no: HashMap<usize, usize> = HashMap::new();
        for &k in &order {
            if nodes[k].change {
                let n = change_no.len();
                change_no.insert(k, n);
            }
        }
        let next_change = |mut k: usize| -> Option<usize> {
            loop {
                if let Some(&n) = change_no.get(&k) {
                    return Some(n);
                }
                let &(p, _) = nodes[k].follow.first()?;
                k = index[&p];
            }
        };
        let mut out = Vec::with_capacity(change_no.len());
        for &k in &order {
            let node = &nodes[k];
            if !node.change {
                continue;
            }
            let parents = node
                .follow
                .iter()
                .map(|&(id, blob)| ParentLink {
                    id,
                    blob,
                    next: next_change(index[&id]),
                })
                .collect();
            out.push(PathChange {
                info: infos
                    .remove(&node.id)
                    .expect("every change's commit was read"),
                blob: node.blob,
                parents,
            });
        }
        self.apply_mailmap(out.iter_mut().map(|c| &mut c.info.author));
        Ok(out)
    }

    /// Commits that changed the file at `path`, newest first (see [`Store::path_history`]).
    pub fn history(&self, path: &str, from: Oid) -> Result<Vec<CommitInfo>, StoreError> {
        Ok(self
            .path_history(path, from)?
            .into_iter()
            .map(|c| c.info)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::CommitRequest;
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn a_true_merge_is_a_change_whose_parents_lead_down_both_lines() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let p = "translations/d/a.md";
        let add = write(&store, &[(p, "1\n\n2\n\n3\n")], "add", 1);
        // Made first, so that its commit time is never later than theirs.
        let ours = write(&store, &[(p, "one\n\n2\n\n3\n")], "ours", 2);
        // Another line of history changes the last paragraph.
        let mut side = CommitRequest::new("side", author());
        side.branch = Some("side".into());
        side.base = Some(add);
        side.time = Some(at(3));
        side.changes = vec![(p.to_string(), Some(b"1\n\n2\n\nthree\n".to_vec()))];
        let theirs = store.commit(&side).unwrap();
        write(&store, &[("translations/d/other.md", "x")], "other", 4);
        git(&dir, &["merge", "-q", "--no-edit", "side"]);
        let merge = store.head_commit().unwrap().unwrap();
        // A later merge of a line that never touched the file hides that line.
        let mut quiet = CommitRequest::new("quiet", author());
        quiet.branch = Some("quiet".into());
        quiet.base = Some(add);
        quiet.changes = vec![("translations/d/b.md".to_string(), Some(b"b".to_vec()))];
        let quiet_commit = store.commit(&quiet).unwrap();
        git(&dir, &["merge", "-q", "--no-edit", "quiet"]);
        let tip = store.head_commit().unwrap().unwrap();

        let changes = store.path_history(p, tip).unwrap();
        let ids: Vec<Oid> = changes.iter().map(|c| c.info.id).collect();
        // Newest first; of the two lines, the later commit first.
        assert_eq!(ids, vec![merge, theirs, ours, add]);
        assert!(!ids.contains(&quiet_commit));
        let m = &changes[0];
        assert_eq!(m.parents.len(), 2);
        assert_eq!(m.parents[0].next, Some(2), "the first parent's line: ours");
        assert_eq!(
            m.parents[1].next,
            Some(1),
            "the second parent's line: theirs"
        );
        assert_eq!(m.parents[1].blob, changes[1].blob);
        assert_eq!(changes[1].parents[0].next, Some(3));
        assert_eq!(changes[2].parents[0].next, Some(3));
        let before = changes[3].parents[0];
        assert_eq!(
            (before.blob, before.next),
            (None, None),
            "no file before the add"
        );
        assert_eq!(changes[3].blob, store.blob_id_at(add, p).unwrap());
        assert_eq!(
            store
                .history(p, tip)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            ids
        );
    }
}
