//! Names users type: document/version ids, store paths and authors, validated before they touch git.

use std::fmt;

use super::error::StoreError;

/// Checks that `id` is a safe document/version/proposal id: `^[a-z0-9][a-z0-9._-]{0,63}$`
/// without `..`, and not ending in `.` or `.lock`.
///
/// Ids become folder and file names and parts of branch names, so they are kept to a portable,
/// lower-case alphabet, and to names git accepts in a branch (`proposals/<id>`).
/// `kind` ("document", "version", "proposal") only shapes the error message.
pub fn validate_id(kind: &str, id: &str) -> Result<(), StoreError> {
    if !is_portable_id(id) {
        // The id a user most often means: `fr-CA` or `Old Draft` as `fr-ca`, `old-draft`.
        let close = id.trim().to_lowercase().replace(char::is_whitespace, "-");
        return Err(StoreError::InvalidId {
            kind: kind.to_string(),
            id: id.to_string(),
            like: is_portable_id(&close).then_some(close),
        });
    }
    let stem = id.split('.').next().unwrap_or(id);
    if is_windows_device_name(stem) {
        return Err(StoreError::ReservedId {
            kind: kind.to_string(),
            id: id.to_string(),
            stem: stem.to_string(),
        });
    }
    Ok(())
}

/// The alphabet and git's rules of [`validate_id`], without its reserved names.
fn is_portable_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    let first_ok = bytes
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    let git_ok = !id.ends_with('.') && !id.ends_with(".lock");
    first_ok && rest_ok && git_ok && bytes.len() <= 64 && !id.contains("..")
}

/// True for a well-formed BCP 47 tag as XML's `xs:language` has it:
/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*` (`en`, `zh-Hans`, `sr-Latn-RS`, `x-klingon`).
///
/// Every language emend writes into `document.json` is one, as every XLIFF, TMX and
/// Word reader expects; a tag written there by hand is read as it is (exports warn).
pub fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// True when text in the language `tag` names runs from the right: by its script
/// subtag where it has one (`az-Arab`, not `ar-Latn`), otherwise by its language
/// (Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi).
pub fn right_to_left(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    if let Some(script) = parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return matches!(
            script.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg"
        );
    }
    matches!(
        primary.as_str(),
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv"
    )
}

/// A version's language, a well-formed BCP 47 tag ([`is_language_tag`]), as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag(String);

impl std::str::FromStr for LanguageTag {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, StoreError> {
        if is_language_tag(s) {
            return Ok(LanguageTag(s.to_string()));
        }
        // A POSIX locale's `fr_CA`, or a stray space.
        let close = s.trim().replace(['_', ' '], "-");
        Err(StoreError::InvalidLanguage {
            tag: s.to_string(),
            like: is_language_tag(&close).then_some(close),
        })
    }
}

impl LanguageTag {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Typed ids: a `String` checked by [`validate_id`] when it is made, so that code holding
/// one needs no further check. Each parses with `str::parse` (and so with clap's
/// `value_parser!`), and reads as the `str` it holds.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl std::str::FromStr for $name {
            type Err = StoreError;

            fn from_str(s: &str) -> Result<Self, StoreError> {
                validate_id($kind, s)?;
                Ok($name(s.to_string()))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A document's id: the name of its folder.
    DocId,
    "document"
);
id_type!(
    /// A version's id: the name of its file, without `.md`.
    VersionId,
    "version"
);
id_type!(
    /// A proposal's name: its branch is `proposals/<name>`.
    ProposalName,
    "proposal"
);

/// True for the names Windows keeps for devices (in any case, and whatever extension follows):
/// a file or folder so named cannot be created there, so `git checkout` of the store would fail.
fn is_windows_device_name(stem: &str) -> bool {
    let stem = stem.to_ascii_lowercase();
    match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        s if s.len() == 4 && (s.starts_with("com") || s.starts_with("lpt")) => {
            s.as_bytes()[3].is_ascii_digit()
        }
        _ => false,
    }
}

/// Checks that `path` is a clean relative path with '/' separators (no `.`/`..`/empty parts, no `.git`).
///
/// Every path the store writes goes through here, so a bad caller can never escape the work tree.
pub(crate) fn validate_rel_path(path: &str) -> Result<(), StoreError> {
    let bad = |reason: &str| {
        Err(StoreError::InvalidPath {
            path: path.to_string(),
            reason: reason.to_string(),
        })
    };
    if path.is_empty() {
        return bad("the path is empty");
    }
    if path.contains('\\') || path.contains('\0') {
        return bad("use '/' as separator and no NUL characters");
    }
    for part in path.split('/') {
        match part {
            "" => return bad("it is absolute or has an empty component"),
            "." | ".." => return bad("it has a '.' or '..' component"),
            p if p.eq_ignore_ascii_case(".git") => return bad("it points inside .git"),
            _ => {}
        }
    }
    Ok(())
}

/// A commit identity (used as both author and committer of emend's commits).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Author {
    pub name: String,
    pub email: String,
}

impl Author {
    /// Parses `"Name <email>"`; anything else is [`StoreError::InvalidAuthor`].
    pub fn parse(s: &str) -> Result<Author, StoreError> {
        let invalid = || StoreError::InvalidAuthor {
            input: s.to_string(),
        };
        let t = s.trim();
        let inner = t.strip_suffix('>').ok_or_else(invalid)?;
        let (name, email) = inner.rsplit_once('<').ok_or_else(invalid)?;
        let name = name.trim();
        let email = email.trim();
        let clean = |v: &str| !v.is_empty() && !v.contains(['<', '>', '\n', '\r', '\0']);
        if !clean(name) || !clean(email) || email.contains(char::is_whitespace) {
            return Err(invalid());
        }
        Ok(Author {
            name: name.to_string(),
            email: email.to_string(),
        })
    }
}

impl fmt::Display for Author {
    /// Formats as `Name <email>`, the form [`Author::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} <{}>", self.name, self.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "zh", "zh-Hans", "en-GB", "sr-Latn-RS", "x-klingon"] {
            assert!(is_language_tag(ok), "{ok}");
            assert_eq!(ok.parse::<LanguageTag>().unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "en_GB",
            "en-",
            "toolonglang",
            "中文",
            "en GB",
            "français",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
            assert!(bad.parse::<LanguageTag>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_near_miss_is_answered_with_the_name_meant() {
        let like = |e: StoreError| match e {
            StoreError::InvalidId { like, .. } | StoreError::InvalidLanguage { like, .. } => like,
            other => panic!("{other}"),
        };
        // Tags as translators write them: a POSIX locale, a stray space.
        assert_eq!(
            like("fr_CA".parse::<LanguageTag>().unwrap_err()).as_deref(),
            Some("fr-CA")
        );
        assert_eq!(
            like("pt BR".parse::<LanguageTag>().unwrap_err()).as_deref(),
            Some("pt-BR")
        );
        assert_eq!(like("français".parse::<LanguageTag>().unwrap_err()), None);
        // Ids are lower case, one word.
        assert_eq!(
            like(validate_id("version", "fr-CA").unwrap_err()).as_deref(),
            Some("fr-ca")
        );
        assert_eq!(
            like(validate_id("version", "Old Draft").unwrap_err()).as_deref(),
            Some("old-draft")
        );
        assert_eq!(
            like(validate_id("document", "Déclaration").unwrap_err()),
            None
        );
        let e = validate_id("version", "zh-Hant").unwrap_err().to_string();
        assert!(e.ends_with("; \"zh-hant\" would do"), "{e}");
    }

    #[test]
    fn ids_accept_valid_and_reject_invalid() {
        for ok in ["a", "0", "doc-1", "v1.2_final", &"a".repeat(64)] {
            validate_id("document", ok).unwrap();
        }
        for bad in [
            "",
            "-a",
            ".a",
            "_a",
            "A",
            "a b",
            "a/b",
            "a..b",
            "é",
            &"a".repeat(65),
            "a\n",
            "a\0",
            "a\\b",
            "fix.lock",
            "fix.",
        ] {
            let err = validate_id("version", bad).unwrap_err();
            assert!(matches!(err, StoreError::InvalidId { .. }), "{bad:?}");
            assert!(err.to_string().contains("version"), "{err}");
        }
    }

    #[test]
    fn typed_ids_are_checked_when_parsed() {
        let doc: DocId = "udhr".parse().unwrap();
        assert_eq!(&*doc, "udhr");
        assert_eq!(doc.to_string(), "udhr");
        let err = "Bad!".parse::<VersionId>().unwrap_err();
        assert!(
            err.to_string().starts_with("invalid version id \"Bad!\""),
            "{err}"
        );
        let err = "fix.lock".parse::<ProposalName>().unwrap_err();
        assert!(matches!(err, StoreError::InvalidId { .. }), "{err}");
        assert!(matches!(
            "con".parse::<DocId>(),
            Err(StoreError::ReservedId { .. })
        ));
    }

    #[test]
    fn windows_device_names_are_refused_with_the_reason() {
        for bad in [
            "con",
            "prn",
            "aux",
            "nul",
            "com1",
            "com9",
            "lpt1",
            "lpt9",
            "com0",
            "con.md",
            "nul.txt",
            "aux.tar.gz",
            "lpt3.x",
        ] {
            let err = validate_id("document", bad).unwrap_err();
            assert!(matches!(err, StoreError::ReservedId { .. }), "{bad:?}");
            assert!(
                err.to_string().contains("reserved device name on Windows"),
                "{err}"
            );
        }
        for ok in [
            "console",
            "aux-notes",
            "com10",
            "com",
            "lpt",
            "nul-1",
            "econ",
            "my.con",
        ] {
            validate_id("document", ok).unwrap();
        }
    }

    #[test]
    fn rel_paths_are_checked() {
        validate_rel_path("translations/doc/en.md").unwrap();
        validate_rel_path("emend.toml").unwrap();
        for bad in [
            "",
            "/abs",
            "a//b",
            "a/",
            "../x",
            "a/./b",
            ".git/config",
            "a/.GIT/x",
            "a\\b",
        ] {
            assert!(validate_rel_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn author_parse_and_display() {
        let a = Author::parse("  Ada Lovelace <ada@example.org> ").unwrap();
        assert_eq!(
            a,
            Author {
                name: "Ada Lovelace".into(),
                email: "ada@example.org".into()
            }
        );
        assert_eq!(a.to_string(), "Ada Lovelace <ada@example.org>");
        for bad in [
            "Ada",
            "<ada@x>",
            "Ada <>",
            "Ada <a b>",
            "Ada ada@x>",
            "A<b> <c>",
            "Ada <x> y",
        ] {
            assert!(
                matches!(Author::parse(bad), Err(StoreError::InvalidAuthor { .. })),
                "{bad:?}"
            );
        }
    }
}
