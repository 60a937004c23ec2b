//! `confirm`: a translator's confirmation of stale segments, written as a record
//! ([`confirmation`](super::confirmation)) in one commit.

use std::collections::HashSet;

use git2::Oid;

use super::confirmation::Confirmation;
use super::record_file;
use super::sections::Sections;
use super::status::{stale_of, stale_unconfirmed};
use super::{WorkflowError, Workspace};
use crate::store::{Author, CommitRequest, CommitTime, short_id, validate_id};

/// What [`confirm`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// The confirmation's commit; none when nothing was stale and no keys were named.
    pub commit: Option<Oid>,
    /// The source version the segments were confirmed against.
    pub source: String,
    /// The commit the source was read at (HEAD, or [`ConfirmRequest::seen_at`]).
    pub at: Oid,
    /// The confirmed keys, in the translation's order.
    pub keys: Vec<String>,
    /// The sections the stale segments were taken from (the whole document when none).
    pub under: Sections,
    /// Keys named that are not stale because they were confirmed since their source last
    /// changed: nothing more to do for them.
    pub already: Vec<String>,
    /// With [`ConfirmRequest::seen_at`], keys named whose source changed after that commit:
    /// what was read then is not what makes them stale, so they stay stale.
    pub changed_since: Vec<String>,
}

/// What [`confirm`] is asked: the stale segments `keys` of `version` of `doc` (all of its
/// stale segments in the sections `under` when `keys` is empty), by `translator`, with
/// `note`; `time` for the commit (now when none); `force` overwrites uncommitted edits of the new record file
/// (there are none but those of an emend killed mid-write).
#[derive(Debug, Clone)]
pub struct ConfirmRequest<'a> {
    pub doc: &'a str,
    pub version: &'a str,
    pub keys: &'a [String],
    pub under: &'a Sections,
    pub note: Option<&'a str>,
    pub translator: &'a Author,
    pub time: Option<CommitTime>,
    pub force: bool,
    /// The commit the translator read the source at, when it is not HEAD: the revision an
    /// XLIFF file was exported at, whose units a CAT tool marked translated. The
    /// confirmation is recorded at it, so a later change of the source is not covered;
    /// the named keys that are not stale are passed over, not refused.
    pub seen_at: Option<Oid>,
}

/// Records, in one commit, that the stale segments asked for still translate their source
/// as it reads at HEAD. A key that is not stale is refused, naming those that are; with no
/// keys and nothing stale, nothing is committed.
pub fn confirm(ws: &Workspace, req: &ConfirmRequest) -> Result<Confirmed, WorkflowError> {
    let ConfirmRequest {
        doc,
        version,
        keys,
        under,
        note,
        translator,
        time,
        force,
        seen_at,
    } = *req;
    validate_id("version", version)?;
    let mut done = None;
    let commit = ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let meta = ws.document_at(head, doc)?;
        let v = ws.version_meta(doc, &meta, version, "HEAD")?;
        let Some(source) = v.from.clone() else {
            return Err(WorkflowError::NotFromAnother {
                doc: doc.to_string(),
                version: version.to_string(),
            });
        };
        under.check(ws, doc, &[version])?;
        let mut stale = stale_of(ws, doc, version)?;
        under.narrow_stale(&mut stale);
        let stale_keys: Vec<String> = stale.iter().map(|s| s.key.clone()).collect();
        // A file's confirmations name every unit it marks: a whole Bible's keys.
        let named: HashSet<&str> = keys.iter().map(String::as_str).collect();
        let stale_set: HashSet<&str> = stale_keys.iter().map(String::as_str).collect();
        let mut not_stale: Vec<String> = keys
            .iter()
            .filter(|k| !stale_set.contains(k.as_str()))
            .cloned()
            .collect();
        // Named again after they were confirmed (a command run twice): said, not refused.
        let mut already = Vec::new();
        if !not_stale.is_empty() {
            let unconfirmed = stale_unconfirmed(ws, doc, version)?;
            let unconfirmed: HashSet<&str> = unconfirmed.iter().map(|s| s.key.as_str()).collect();
            (already, not_stale) = not_stale
                .into_iter()
                .partition(|k| unconfirmed.contains(k.as_str()));
        }
        // Read at an earlier revision: a stale key whose source changed since is left
        // stale, and a key that is not stale is passed over.
        let mut changed_since = HashSet::new();
        if let Some(at) = seen_at {
            not_stale.clear();
            for s in &stale {
                if named.contains(s.key.as_str())
                    && !ws.store.contains(at, s.source_changed_in.id)?
                {
                    changed_since.insert(s.key.as_str());
                }
            }
        }
        if !not_stale.is_empty() {
            return Err(WorkflowError::NotStale {
                doc: doc.to_string(),
                version: version.to_string(),
                keys: not_stale,
                stale: stale_keys,
            });
        }
        let chosen: Vec<String> = if keys.is_empty() {
            stale_keys.clone()
        } else {
            stale_keys
                .iter()
                .filter(|k| named.contains(k.as_str()) && !changed_since.contains(k.as_str()))
                .cloned()
                .collect()
        };
        let changed_since: Vec<String> = stale_keys
            .iter()
            .filter(|k| changed_since.contains(k.as_str()))
            .cloned()
            .collect();
        let read_at = seen_at.unwrap_or(head);
        done = Some(Confirmed {
            commit: None,
            source: source.clone(),
            at: read_at,
            keys: chosen.clone(),
            under: under.clone(),
            already,
            changed_since,
        });
        if chosen.is_empty() {
            return Ok(None);
        }
        let source_path = ws.layout.version_file(doc, &source);
        // The file `document.json` names is gone: said as any missing version file is.
        let source_blob = ws.store.blob_id_at(read_at, &source_path)?.ok_or_else(|| {
            WorkflowError::UnknownVersion {
                doc: doc.to_string(),
                version: source.clone(),
                at: "HEAD".into(),
                known: format!(" ({source_path} is missing)"),
            }
        })?;
        let date = time.unwrap_or_else(CommitTime::now);
        let record = Confirmation {
            version: version.to_string(),
            source: source.clone(),
            commit: read_at,
            source_blob,
            keys: chosen.clone(),
            translator: translator.to_string(),
            date: date.iso8601(),
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
        };
        let (name, json) = record_file::encode(&record, date, &read_at.to_string());
        let dir = ws.layout.confirmations_dir(doc);
        let path = format!("{dir}/{name}");
        let n = chosen.len();
        let mut message = format!(
            "confirm {n} segment{} of {version} in {doc} against {source} at {}",
            if n == 1 { "" } else { "s" },
            short_id(read_at)
        );
        if let Some(n) = &record.note {
            message.push_str(&format!(": {n}"));
        }
        message.push_str(&format!("\n\nConfirmed: {}", chosen.join(", ")));
        let mut write = CommitRequest::new(message, translator.clone());
        write.time = time;
        // What a confirm killed before its commit landed left is removed in this one.
        let leftovers = record_file::leftovers(ws, head, &dir, |b| {
            serde_json::from_slice::<Confirmation>(b).is_ok()
        })?;
        write.changes = leftovers.iter().map(|l| (l.clone(), None)).collect();
        write.changes.push((path.clone(), Some(json)));
        write.regenerated = leftovers;
        write.regenerated.push(path);
        write.refuse_dirty = !force;
        Ok(Some(write))
    })?;
    let mut done = done.ok_or(WorkflowError::EmptyStore)?;
    done.commit = commit;
    Ok(done)
}
