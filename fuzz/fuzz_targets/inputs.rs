//! What emend reads before any text is compared: sizes, ids, `document.json`, `emend.toml`, and
//! input read within the size limit.
#![no_main]

use std::path::Path;

use emend::input::{format_size, parse_size, read_limited, set_max_input};
use emend::store::{DocumentMeta, StoreConfig, validate_id};
use libfuzzer_sys::fuzz_target;

/// The size limit the target runs with: small, so that inputs cross it.
const LIMIT: u64 = 256;

fuzz_target!(|data: &[u8]| {
    set_max_input(LIMIT);
    // The bounded reader: whole input up to the limit, an error past it, never more read.
    match read_limited(data, data.len() as u64, "input") {
        Ok(bytes) => assert!(data.len() as u64 <= LIMIT && bytes == data),
        Err(e) => {
            assert!(data.len() as u64 > LIMIT, "{e}");
            assert!(e.to_string().starts_with("input: larger than"));
        }
    }
    // document.json: an error or metadata that writes back to itself; its ids are valid.
    if let Ok(meta) = DocumentMeta::parse(data, "d/document.json") {
        for v in &meta.versions {
            validate_id("version", &v.id).expect("a parsed version id is valid");
        }
        let again = DocumentMeta::parse(&meta.to_bytes(), "d/document.json")
            .expect("what emend writes, it reads");
        assert_eq!(again, meta);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Sizes: a parsed size formats to one that parses to the same number.
    if let Ok(n) = parse_size(text) {
        let shown = format_size(n);
        let back = parse_size(shown.trim_end_matches(" bytes")).expect("formatted sizes parse");
        assert_eq!(back, n, "{text:?} -> {shown:?}");
    }
    // Ids: accepted only in the safe alphabet, never a path or a Windows device name.
    if validate_id("document", text).is_ok() {
        assert!(!text.is_empty() && text.len() <= 64);
        assert!(text.bytes().all(|b| b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b'.' | b'_' | b'-')));
        assert!(!text.contains("..") && !text.starts_with(['.', '_', '-']));
        let stem = text.split('.').next().unwrap_or(text);
        assert!(!matches!(stem, "con" | "prn" | "aux" | "nul"));
    }
    // emend.toml: an error, or a root that is a clean relative path.
    if let Ok(config) = StoreConfig::parse(text, Path::new("emend.toml")) {
        assert!(!config.root.is_empty() && !config.root.starts_with('/'));
        assert!(config.root.split('/').all(|p| !p.is_empty() && p != "." && p != ".."));
    }
});
