//! Adding a version and committing new revisions of it.

use git2::Oid;

use super::{WorkflowError, Workspace, refuse_emptying};
use crate::align::Mode;
use crate::store::{
    Author, CommitRequest, CommitTime, DocumentMeta, LanguageTag, Role, VersionMeta, validate_id,
};

/// What `emend add` needs.
#[derive(Debug, Clone)]
pub struct AddRequest {
    pub doc: String,
    pub version: String,
    /// The version's text, already decoded and normalised.
    pub text: String,
    pub language: String,
    /// What it is to the document; `None` lets [`default_role`] decide.
    pub role: Option<Role>,
    pub from: Option<String>,
    pub translator: Option<String>,
    /// The document's title, when the document is new (or to replace it).
    pub title: Option<String>,
    pub message: Option<String>,
    pub author: Author,
    pub time: Option<CommitTime>,
    /// Overwrite uncommitted edits in the files this writes.
    pub force: bool,
}

/// The commit message: emend's own summary, then the user's message after a colon.
///
/// `add en-wilson to telegram-1945-11-11` or
/// `update en-corrected in telegram-1945-11-11: fix scanning errors`; further
/// lines of the user's message become the body.
pub fn commit_message(summary: &str, user: Option<&str>) -> String {
    let user = user.map(str::trim).filter(|m| !m.is_empty());
    match user {
        None => summary.to_string(),
        Some(m) => {
            let (first, rest) = m.split_once('\n').unwrap_or((m, ""));
            let rest = rest.trim();
            if rest.is_empty() {
                format!("{summary}: {}", first.trim())
            } else {
                format!("{summary}: {}\n\n{rest}", first.trim())
            }
        }
    }
}

/// Adds a new version (and the document, if it is new) in one commit.
pub fn add(ws: &Workspace, req: &AddRequest) -> Result<Oid, WorkflowError> {
    validate_id("document", &req.doc)?;
    validate_id("version", &req.version)?;
    req.language.parse::<LanguageTag>()?;
    if super::is_xliff(&req.text) {
        return Err(WorkflowError::XliffAdded {
            doc: req.doc.clone(),
            version: req.version.clone(),
        });
    }
    let id = ws.commit_fresh(|head| add_commit(ws, req, head).map(Some))?;
    id.ok_or(WorkflowError::EmptyStore)
}

/// The role of a version added without one: made from a version in its own
/// language (`en-GB` from `en`, compared word by word as [`Mode::for_languages`]
/// says), it is a draft of it; otherwise a translation. A version with no
/// source is a translation too (the first version of a document is often a
/// translation of an original the store does not hold); `--role original`
/// says otherwise.
pub fn default_role(language: &str, source_language: Option<&str>) -> Role {
    match source_language {
        Some(s) if Mode::for_languages(language, s) == Mode::SameLanguage => Role::Draft,
        _ => Role::Translation,
    }
}

/// The commit that adds `req` on top of `head`.
fn add_commit(
    ws: &Workspace,
    req: &AddRequest,
    head: Option<Oid>,
) -> Result<CommitRequest, WorkflowError> {
    let json_path = ws.layout.document_json(&req.doc);
    let mut meta = match head {
        Some(h) => match ws.store.read_at(h, &json_path)? {
            Some(bytes) => DocumentMeta::parse(&bytes, &json_path)?,
            None => DocumentMeta::default(),
        },
        None => DocumentMeta::default(),
    };
    if meta.version(&req.version).is_some() {
        return Err(WorkflowError::VersionExists {
            doc: req.doc.clone(),
            version: req.version.clone(),
        });
    }
    let source = match &req.from {
        Some(from) => match meta.version(from) {
            Some(v) => Some(v.language.clone()),
            None => {
                return Err(WorkflowError::UnknownSource {
                    doc: req.doc.clone(),
                    from: from.clone(),
                    known: meta.versions.iter().map(|v| v.id.clone()).collect(),
                });
            }
        },
        None => None,
    };
    let role = req
        .role
        .unwrap_or_else(|| default_role(&req.language, source.as_deref()));
    if let Some(title) = &req.title {
        meta.title = Some(title.clone());
    } else if meta.title.is_none() {
        meta.title = Some(req.doc.clone());
    }
    meta.versions.push(VersionMeta {
        id: req.version.clone(),
        language: req.language.clone(),
        role,
        translator: req.translator.clone(),
        from: req.from.clone(),
        title: None,
        note: None,
        extra: Default::default(),
    });
    let version_path = ws.layout.version_file(&req.doc, &req.version);
    let json = meta.to_bytes();
    let mut commit = CommitRequest::new(
        commit_message(
            &format!("add {} to {}", req.version, req.doc),
            req.message.as_deref(),
        ),
        req.author.clone(),
    );
    commit.time = req.time;
    commit.refuse_dirty = !req.force;
    commit.changes = vec![
        (json_path, Some(json)),
        (version_path, Some(req.text.clone().into_bytes())),
    ];
    Ok(commit)
}

/// What `emend update` needs.
#[derive(Debug, Clone)]
pub struct UpdateRequest {
    pub doc: String,
    pub version: String,
    /// The new text; `None` commits the version's file as edited in the work tree.
    pub text: Option<String>,
    pub message: Option<String>,
    pub author: Author,
    pub time: Option<CommitTime>,
    pub force: bool,
    /// An empty text may replace the version's text (see [`WorkflowError::EmptyText`]).
    pub allow_empty: bool,
}

/// Commits a new revision of a version. `Ok(None)` when the text is unchanged.
pub fn update(ws: &Workspace, req: &UpdateRequest) -> Result<Option<Oid>, WorkflowError> {
    let path = ws.layout.version_file(&req.doc, &req.version);
    let text = match &req.text {
        Some(t) => t.clone(),
        None => ws.load_worktree(&req.doc, &req.version)?.text,
    };
    ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let meta = ws.document_at(head, &req.doc)?;
        ws.version_meta(&req.doc, &meta, &req.version, "HEAD")?;
        let current = ws.store.read_at(head, &path)?.unwrap_or_default();
        if current == text.as_bytes() {
            return Ok(None);
        }
        refuse_emptying(&req.doc, &req.version, &current, &text, req.allow_empty)?;
        let mut commit = CommitRequest::new(
            commit_message(
                &format!("update {} in {}", req.version, req.doc),
                req.message.as_deref(),
            ),
            req.author.clone(),
        );
        commit.time = req.time;
        commit.refuse_dirty = !req.force;
        commit.changes = vec![(path.clone(), Some(text.clone().into_bytes()))];
        Ok(Some(commit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_put_the_user_words_after_the_summary() {
        assert_eq!(commit_message("add en to d", None), "add en to d");
        assert_eq!(commit_message("add en to d", Some("  ")), "add en to d");
        assert_eq!(
            commit_message("update en in d", Some("fix lapan")),
            "update en in d: fix lapan"
        );
        assert_eq!(
            commit_message("update en in d", Some("fix lapan\n\nAs the editor asked.")),
            "update en in d: fix lapan\n\nAs the editor asked."
        );
    }
}
