//! Where things live in a store, and what `document.json` says.
//!
//! ```text
//! emend.toml                      root = "translations"
//! translations/<doc>/document.json
//! translations/<doc>/<version>.md
//! translations/<doc>/approvals/<time>-<commit>-<hash>.json     one file per approval
//! translations/<doc>/reviews/<proposal>/<time>-<tip>-<hash>.json one file per review pass
//! translations/<doc>/confirmations/<time>-<head>-<hash>.json   one file per confirmation
//! translations/<doc>/approvals.json               older stores: every approval, read only
//! translations/<doc>/reviews/<proposal>.json      older stores: a proposal's review, read only
//! ```

use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::ids::validate_id;

/// What a version is to its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The text the others are translated or derived from.
    Original,
    /// A translation into another language.
    Translation,
    /// A draft, revision or alternative text in the same language.
    Draft,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::Translation => "translation",
            Role::Draft => "draft",
        }
    }
}

/// One version's entry in `document.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionMeta {
    pub id: String,
    /// BCP 47 language tag.
    pub language: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translator: Option<String>,
    /// The version this one is translated or derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fields emend does not know are kept as they are.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The contents of `document.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocumentMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default)]
    pub versions: Vec<VersionMeta>,
    /// Fields emend does not know are kept as they are.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl DocumentMeta {
    /// Parses `document.json`; `path` names it in errors.
    pub fn parse(bytes: &[u8], path: &str) -> Result<DocumentMeta, StoreError> {
        let meta = DocumentMeta::parse_fields(bytes, path)?;
        meta.check_sources(path)?;
        Ok(meta)
    }

    /// As [`DocumentMeta::parse`], without [`DocumentMeta::check_sources`]: for the
    /// command that mends a version's source.
    pub fn parse_fields(bytes: &[u8], path: &str) -> Result<DocumentMeta, StoreError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(StoreError::BadDocument {
                path: path.to_string(),
                detail: "the file is empty".to_string(),
            });
        }
        let meta: DocumentMeta =
            serde_json::from_slice(bytes).map_err(|e| StoreError::BadDocument {
                path: path.to_string(),
                detail: e.to_string(),
            })?;
        let mut seen = std::collections::HashSet::new();
        for v in &meta.versions {
            validate_id("version", &v.id).map_err(|e| StoreError::BadDocument {
                path: path.to_string(),
                detail: e.to_string(),
            })?;
            if let Some(from) = &v.from {
                validate_id("version", from).map_err(|e| StoreError::BadDocument {
                    path: path.to_string(),
                    detail: format!("version {}: from: {e}", v.id),
                })?;
            }
            if !seen.insert(v.id.as_str()) {
                return Err(StoreError::BadDocument {
                    path: path.to_string(),
                    detail: format!("version {} is listed twice", v.id),
                });
            }
        }
        Ok(meta)
    }

    /// Every `from` names another version of the document, and following them never
    /// comes back to where it began: what `status` and the exports take a translation's
    /// source to be must exist and be something else. `path` (`<root>/DOC/document.json`)
    /// names the file in the error.
    pub fn check_sources(&self, path: &str) -> Result<(), StoreError> {
        let bad = |version: &str, detail: String| StoreError::BadSource {
            path: path.to_string(),
            doc: path.rsplit('/').nth(1).unwrap_or_default().to_string(),
            version: version.to_string(),
            detail,
        };
        for v in &self.versions {
            let mut chain = vec![v.id.as_str()];
            let mut at = v;
            while let Some(from) = &at.from {
                at = self.version(from).ok_or_else(|| {
                    bad(
                        &at.id,
                        format!("from: {from} is not a version of this document"),
                    )
                })?;
                chain.push(at.id.as_str());
                if at.id == v.id {
                    let detail = format!("its from leads back to itself ({})", chain.join(" → "));
                    return Err(bad(&v.id, detail));
                }
                if chain.len() > self.versions.len() {
                    break; // a loop that does not pass through v: found from a version on it
                }
            }
        }
        Ok(())
    }

    /// The JSON written to `document.json`: pretty, with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// The entry of version `id`.
    pub fn version(&self, id: &str) -> Option<&VersionMeta> {
        self.versions.iter().find(|v| v.id == id)
    }
}

/// Paths inside the store, built only from validated ids.
#[derive(Debug, Clone)]
pub struct Layout {
    root: String,
}

impl Layout {
    /// `root` is the folder named in `emend.toml` (default `translations`).
    pub fn new(root: &str) -> Layout {
        Layout {
            root: root.trim_matches('/').to_string(),
        }
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    pub fn document_dir(&self, doc: &str) -> String {
        format!("{}/{doc}", self.root)
    }

    pub fn document_json(&self, doc: &str) -> String {
        format!("{}/{doc}/document.json", self.root)
    }

    pub fn version_file(&self, doc: &str, version: &str) -> String {
        format!("{}/{doc}/{version}.md", self.root)
    }

    /// The single approvals file of stores made before one file per approval; read, never written.
    pub fn approvals(&self, doc: &str) -> String {
        format!("{}/{doc}/approvals.json", self.root)
    }

    /// The folder of approval records, one file each.
    pub fn approvals_dir(&self, doc: &str) -> String {
        format!("{}/{doc}/approvals", self.root)
    }

    /// The folder of confirmation records (stale segments confirmed), one file each.
    pub fn confirmations_dir(&self, doc: &str) -> String {
        format!("{}/{doc}/confirmations", self.root)
    }

    /// The single review file of stores made before one file per pass; read, never written.
    pub fn review(&self, doc: &str, proposal: &str) -> String {
        format!("{}/{doc}/reviews/{proposal}.json", self.root)
    }
}

/// `VERSION` or `VERSION@REV` as typed on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRef {
    pub version: String,
    /// A git revision, `approved`, or none (the current branch).
    pub rev: Option<String>,
}

impl VersionRef {
    /// Splits at the first `@` (version ids never contain one, revisions may:
    /// `en@HEAD@{2}`), and checks the version id.
    pub fn parse(s: &str) -> Result<VersionRef, StoreError> {
        let (version, rev) = match s.split_once('@') {
            Some((v, r)) => (v, Some(r)),
            None => (s, None),
        };
        validate_id("version", version)?;
        if rev == Some("") {
            return Err(StoreError::RevisionNotFound {
                rev: s.to_string(),
                detail: "nothing follows the @".to_string(),
            });
        }
        Ok(VersionRef {
            version: version.to_string(),
            rev: rev.map(str::to_string),
        })
    }

    /// `en-wilson` or `en-wilson@HEAD~1`.
    pub fn label(&self) -> String {
        match &self.rev {
            Some(r) => format!("{}@{r}", self.version),
            None => self.version.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_refs() {
        assert_eq!(
            VersionRef::parse("en-wilson@HEAD~1").unwrap(),
            VersionRef {
                version: "en-wilson".into(),
                rev: Some("HEAD~1".into())
            }
        );
        assert_eq!(
            VersionRef::parse("en@HEAD@{2}").unwrap().rev.as_deref(),
            Some("HEAD@{2}")
        );
        assert_eq!(VersionRef::parse("ru").unwrap().rev, None);
        assert!(VersionRef::parse("../etc@HEAD").is_err());
        assert!(VersionRef::parse("en@").is_err());
    }

    #[test]
    fn document_json_round_trips_and_keeps_unknown_fields() {
        let text = br#"{"title": "T", "custom": 1, "versions": [
            {"id": "en", "language": "en", "role": "original", "x-note": true}]}"#;
        let meta = DocumentMeta::parse(text, "d/document.json").unwrap();
        assert_eq!(meta.version("en").unwrap().role, Role::Original);
        let again = DocumentMeta::parse(&meta.to_bytes(), "d/document.json").unwrap();
        assert_eq!(meta, again);
        assert_eq!(again.extra["custom"], 1);
        assert_eq!(again.versions[0].extra["x-note"], true);
    }

    #[test]
    fn bad_document_json_is_an_error() {
        for bad in [&b""[..], b"  \n", b"{not json", b"[]",
            br#"{"versions": [{"id": "../x", "language": "en", "role": "draft"}]}"#,
            br#"{"versions": [{"id": "a", "language": "en", "role": "draft"}, {"id": "a", "language": "en", "role": "draft"}]}"#]
        {
            assert!(DocumentMeta::parse(bad, "d/document.json").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_source_must_be_another_version_of_the_document() {
        let doc = |versions: &[(&str, Option<&str>)]| {
            let versions: Vec<_> = versions
                .iter()
                .map(|(id, from)| serde_json::json!({"id": id, "language": "en", "role": "draft", "from": from}))
                .collect();
            let bytes = serde_json::to_vec(&serde_json::json!({ "versions": versions })).unwrap();
            DocumentMeta::parse(&bytes, "t/d/document.json").map_err(|e| e.to_string())
        };
        assert!(doc(&[("en", None), ("fr", Some("en")), ("fr-ca", Some("fr"))]).is_ok());
        let err = doc(&[("en", None), ("fr-ca", Some("fr"))]).unwrap_err();
        assert!(
            err.contains("version fr-ca: from: fr is not a version of this document"),
            "{err}"
        );
        let err = doc(&[("en", Some("en"))]).unwrap_err();
        assert!(
            err.contains("version en: its from leads back to itself (en → en)"),
            "{err}"
        );
        let err = doc(&[("a", Some("b")), ("b", Some("c")), ("c", Some("a"))]).unwrap_err();
        assert!(
            err.contains("version a: its from leads back to itself (a → b → c → a)"),
            "{err}"
        );
        // A loop the first version only leads into is named from a version on it.
        let err = doc(&[("x", Some("a")), ("a", Some("b")), ("b", Some("a"))]).unwrap_err();
        assert!(
            err.contains("version a: its from leads back to itself (a → b → a)"),
            "{err}"
        );
    }

    #[test]
    fn bundled_documents_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("translations");
        for doc in ["telegram-1945-11-11", "udhr", "ruth"] {
            let bytes = std::fs::read(dir.join(doc).join("document.json")).unwrap();
            let meta = DocumentMeta::parse(&bytes, doc).unwrap();
            assert!(meta.versions.len() >= 2, "{doc}");
            for v in &meta.versions {
                assert!(dir.join(doc).join(format!("{}.md", v.id)).exists());
                if let Some(from) = &v.from {
                    assert!(meta.version(from).is_some(), "{doc}: {from}");
                }
            }
        }
    }
}
