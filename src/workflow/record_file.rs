//! Record files: what emend records (approvals, review passes) is kept one file per record,
//! named so that two clones never write the same file, and never changed afterwards.
//!
//! ```text
//! <time>-<commit>-<hash>.json      20261128T090000Z-bc0f873-b812fad2.json
//! ```
//!
//! `<time>` is the record's time in UTC to the second, so that file names sort oldest first;
//! `<commit>` the first seven digits of the commit the record is about; `<hash>` the first
//! eight of the record's own git blob id, so that two records made in the same second about
//! the same commit (by two people, or with two notes) still get two files.

use git2::Oid;
use serde::Serialize;

use crate::store::CommitTime;
use crate::workflow::{WorkflowError, Workspace};

/// The file name and the bytes (pretty JSON, ending in a newline) of `record`, made at `time`
/// about `commit` (a full or short commit id).
pub(crate) fn encode<T: Serialize>(
    record: &T,
    time: CommitTime,
    commit: &str,
) -> (String, Vec<u8>) {
    let mut json = serde_json::to_vec_pretty(record).unwrap_or_default();
    json.push(b'\n');
    let hash = Oid::hash_object(git2::ObjectType::Blob, &json)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let utc: String = CommitTime {
        seconds: time.seconds,
        offset_minutes: 0,
    }
    .iso8601()
    .chars()
    .take(19)
    .filter(|c| c.is_ascii_digit() || *c == 'T')
    .collect();
    let commit = commit.get(..7).unwrap_or(commit);
    let hash = hash.get(..8).unwrap_or(&hash);
    (format!("{utc}Z-{commit}-{hash}.json"), json)
}

/// The record files of folder listing `entries` (names with is_dir), in the order they were made.
pub(crate) fn record_names(entries: Vec<(String, bool)>) -> impl Iterator<Item = String> {
    entries
        .into_iter()
        .filter(|(name, is_dir)| !is_dir && name.ends_with(".json"))
        .map(|(name, _)| name)
}

/// Record files under `dir` in the work tree or the index but not at `head` whose bytes
/// `is_ours` recognises: what a write killed before its commit landed left there. The next
/// write of the same kind removes them in its commit (the store removes them only when a
/// killed emend left them, see `CommitRequest::regenerated`; anything else is refused as
/// uncommitted work).
pub(crate) fn leftovers(
    ws: &Workspace,
    head: Oid,
    dir: &str,
    is_ours: impl Fn(&[u8]) -> bool,
) -> Result<Vec<String>, WorkflowError> {
    // Staged but gone from the work tree: killed between the index and the files.
    let mut out: Vec<String> = ws
        .store
        .staged_only_under(head, dir)?
        .into_iter()
        .filter(|p| p.ends_with(".json") && ws.store.read_worktree(p).ok().flatten().is_none())
        .collect();
    let Ok(entries) = std::fs::read_dir(ws.store.workdir().join(dir)) else {
        return Ok(out);
    };
    let committed: Vec<String> = ws
        .store
        .list_at(head, dir)?
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    for entry in entries.flatten() {
        let Some(file) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !file.ends_with(".json") || committed.contains(&file) {
            continue;
        }
        let path = format!("{dir}/{file}");
        if ws.store.read_worktree(&path)?.is_some_and(|b| is_ours(&b)) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Serde for commit and blob ids kept as hex strings in records.
pub(crate) mod oid_hex {
    use git2::Oid;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &Oid, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Oid, D::Error> {
        let s = String::deserialize(d)?;
        Oid::from_str(&s).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use git2::Oid;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(id: &Option<Oid>, s: S) -> Result<S::Ok, S::Error> {
            match id {
                Some(id) => super::serialize(id, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Oid>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => Oid::from_str(&s)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(seconds: i64, offset_minutes: i32) -> CommitTime {
        CommitTime {
            seconds,
            offset_minutes,
        }
    }

    proptest! {
        /// Names sort as the records' times do, whatever the writer's offset, and two
        /// different records never share a name, even in the same second about one commit.
        #[test]
        fn names_sort_by_time_and_differ_by_content(
            t1 in 0i64..4_000_000_000,
            t2 in 0i64..4_000_000_000,
            offset in -720i32..840,
            a in ".{0,40}",
            b in ".{0,40}",
        ) {
            let commit = "446040e0c1bd1d4a54bd1b4ee1f5a3a4e0e0e0e0";
            let (na, _) = encode(&a, at(t1, offset), commit);
            let (nb, _) = encode(&b, at(t2, 0), commit);
            let shape = na.len() == 38
                && na[..8].bytes().all(|c| c.is_ascii_digit())
                && &na[8..9] == "T"
                && na[9..15].bytes().all(|c| c.is_ascii_digit())
                && na[15..].starts_with("Z-446040e-")
                && na[25..33].bytes().all(|c| c.is_ascii_hexdigit())
                && na.ends_with(".json");
            prop_assert!(shape, "{}", na);
            if t1 < t2 {
                prop_assert!(na < nb, "{na} {nb}");
            }
            let (same_second, _) = encode(&b, at(t1, offset), commit);
            prop_assert_eq!(a == b, na == same_second);
        }
    }
}
