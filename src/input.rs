//! Reading input with a size limit: every file, FIFO, device and git blob emend reads goes through here.
//!
//! A file with no end (`/dev/zero`, a FIFO whose writer never stops) would otherwise be read until
//! memory runs out. The limit is [`DEFAULT_MAX_INPUT`] (1 GiB) unless the program sets another
//! with [`set_max_input`] (the command line's `--max-input-size` / `EMEND_MAX_INPUT`). A regular
//! file is refused from its size before a byte is read; anything else (a FIFO, `/dev/stdin`, a
//! device) is read up to one byte past the limit and then refused.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The size limit when none is set: 1 GiB.
pub const DEFAULT_MAX_INPUT: u64 = 1 << 30;

static MAX_INPUT: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT);

/// The size limit in force, in bytes.
pub fn max_input() -> u64 {
    MAX_INPUT.load(Ordering::Relaxed)
}

/// Sets the size limit for the rest of the process (0 is taken as 1 byte: nothing but empty input).
pub fn set_max_input(bytes: u64) {
    MAX_INPUT.store(bytes.max(1), Ordering::Relaxed);
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The input is larger than the size limit.
    #[error("{name}: larger than the input size limit of {}", format_size(*limit))]
    TooLarge { name: String, limit: u64 },
    /// The path names a folder.
    #[error("{name}: is a directory, not a text file")]
    IsDirectory { name: String },
    /// The input could not be opened or read.
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
}

impl InputError {
    /// The underlying I/O error kind, when there is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            InputError::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }
}

/// Reads the file at `path` whole, within the size limit; `name` names it in errors.
///
/// Symbolic links are followed here: whether a link may be read is the caller's decision (the
/// store refuses them, a file named on the command line is the user's choice).
pub fn read_path(path: &Path, name: &str) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io {
        name: name.to_string(),
        source,
    };
    if path.is_dir() {
        return Err(InputError::IsDirectory {
            name: name.to_string(),
        });
    }
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let hint = if meta.is_file() {
        check_size(meta.len(), name)?;
        meta.len()
    } else {
        0
    };
    read_limited(file, hint, name)
}

/// Refuses a `len`-byte input when it is over the limit.
pub fn check_size(len: u64, name: &str) -> Result<(), InputError> {
    let limit = max_input();
    if len > limit {
        return Err(InputError::TooLarge {
            name: name.to_string(),
            limit,
        });
    }
    Ok(())
}

/// Reads `reader` to its end, but never more than the limit; `size_hint` (0 if unknown) sizes the buffer.
pub fn read_limited(reader: impl Read, size_hint: u64, name: &str) -> Result<Vec<u8>, InputError> {
    read_up_to(reader, max_input(), size_hint, name)
}

/// As [`read_limited`], with the limit given.
fn read_up_to(
    reader: impl Read,
    limit: u64,
    size_hint: u64,
    name: &str,
) -> Result<Vec<u8>, InputError> {
    let mut out = Vec::with_capacity(usize::try_from(size_hint.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|source| InputError::Io {
            name: name.to_string(),
            source,
        })?;
    if out.len() as u64 > limit {
        return Err(InputError::TooLarge {
            name: name.to_string(),
            limit,
        });
    }
    Ok(out)
}

/// Parses a size: a number of bytes, optionally followed by `K`, `M`, `G` or `T` (powers of
/// 1024, with or without `iB` or `B`): `1048576`, `512K`, `100MiB`, `1G`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number.parse().map_err(|_| {
        format!("{text:?} is not a size: write a number of bytes, or e.g. 512K, 100M, 2G")
    })?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {text:?}: use K, M, G or T (powers of 1024)"
            ));
        }
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{text:?} is too large"))
}

/// A size for people: `1 GiB`, `512 KiB`, or bytes when it is not a whole number of a unit.
pub fn format_size(bytes: u64) -> String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
        let one = 1u64 << shift;
        if bytes >= one && bytes.is_multiple_of(one) {
            return format!("{} {unit}", bytes / one);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_format() {
        assert_eq!(parse_size("1048576").unwrap(), 1 << 20);
        assert_eq!(parse_size("512K").unwrap(), 512 << 10);
        assert_eq!(parse_size("100MiB").unwrap(), 100 << 20);
        assert_eq!(parse_size(" 2g ").unwrap(), 2 << 30);
        assert_eq!(parse_size("1 GB").unwrap(), 1 << 30);
        for bad in ["", "K", "-1", "1.5G", "12Q", "99999999999999T"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format_size(DEFAULT_MAX_INPUT), "1 GiB");
        assert_eq!(format_size(3 << 20), "3 MiB");
        assert_eq!(format_size(1000), "1000 bytes");
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let err = read_up_to(std::io::repeat(0), 1 << 20, 0, "/dev/zero").unwrap_err();
        assert!(matches!(err, InputError::TooLarge { limit, .. } if limit == 1 << 20));
        assert_eq!(
            err.to_string(),
            "/dev/zero: larger than the input size limit of 1 MiB"
        );
        assert_eq!(read_up_to(&b"exact"[..], 5, 5, "f").unwrap(), b"exact");
        assert!(read_up_to(&b"longer"[..], 5, 0, "f").is_err());
        assert_eq!(read_limited(&b"short"[..], 0, "f").unwrap(), b"short");
    }
}
