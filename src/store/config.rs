//! `emend.toml`: the marker file of a store and its settings (currently only `root`).

use std::path::Path;

use super::error::StoreError;
use super::ids::validate_rel_path;

/// Name of the file that marks a folder as an emend store.
pub const CONFIG_FILE: &str = "emend.toml";

/// Folder holding the documents when `emend.toml` has no `root` key.
pub const DEFAULT_ROOT: &str = "translations";

/// Content written by `emend init`.
pub const DEFAULT_CONFIG: &str = "# emend store settings\nroot = \"translations\"\n";

/// The parsed settings of a store; unknown keys are ignored so newer files still load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// Folder (relative to the store) that holds one sub-folder per document.
    pub root: String,
}

/// The raw TOML shape before defaults and validation.
#[derive(serde::Deserialize)]
struct RawConfig {
    root: Option<String>,
}

impl StoreConfig {
    /// Parses the text of `emend.toml`; `path` is only used to name the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<StoreConfig, StoreError> {
        let bad = |detail: String| StoreError::BadConfig {
            path: path.to_path_buf(),
            detail,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| bad(e.to_string().trim().to_string()))?;
        let root = raw.root.unwrap_or_else(|| DEFAULT_ROOT.to_string());
        let root = root.trim_end_matches('/').to_string();
        validate_rel_path(&root).map_err(|e| bad(format!("`root`: {e}")))?;
        Ok(StoreConfig { root })
    }

    /// Reads and parses `<dir>/emend.toml` from disk.
    pub fn load(dir: &Path) -> Result<StoreConfig, StoreError> {
        let path = dir.join(CONFIG_FILE);
        let Some(bytes) = read_config_file(&path)? else {
            return Err(super::error::io_err("read", &path)(std::io::Error::from(
                std::io::ErrorKind::NotFound,
            )));
        };
        let text = String::from_utf8(bytes).map_err(|_| StoreError::BadConfig {
            path: path.clone(),
            detail: "the file is not valid UTF-8".to_string(),
        })?;
        Self::parse(&text, &path)
    }
}

/// The bytes of `emend.toml` at `path` (None when there is none), within the input size limit.
/// A symbolic link is refused: its target is outside what the store may read.
pub(crate) fn read_config_file(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(StoreError::BadConfig {
                path: path.to_path_buf(),
                detail: "it is a symbolic link; emend reads only regular files inside the store"
                    .to_string(),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(super::error::io_err("read", path)(e)),
    }
    let name = path.display().to_string();
    Ok(Some(crate::input::read_path(path, &name)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_unknown_keys_and_errors() {
        let p = Path::new("/s/emend.toml");
        assert_eq!(StoreConfig::parse("", p).unwrap().root, "translations");
        assert_eq!(
            StoreConfig::parse(DEFAULT_CONFIG, p).unwrap().root,
            "translations"
        );
        assert_eq!(
            StoreConfig::parse("root = \"docs/\"\nfuture = 1\n[x]\ny=2", p)
                .unwrap()
                .root,
            "docs"
        );
        let err = StoreConfig::parse("root = [", p).unwrap_err();
        assert!(matches!(err, StoreError::BadConfig { .. }));
        assert!(err.to_string().contains("/s/emend.toml"), "{err}");
        assert!(StoreConfig::parse("root = 5", p).is_err());
        assert!(StoreConfig::parse("root = \"../up\"", p).is_err());
        assert!(StoreConfig::parse("root = \"/abs\"", p).is_err());
    }
}
