//! Writing a command's output to the file it was told to write (`export -o FILE`).
//!
//! What happens depends on what is at the path:
//! - nothing, or a regular file: the file is replaced atomically, by a temporary file renamed
//!   onto it, so a reader never sees half a file and a failed write leaves the old one;
//! - a device, a FIFO or a socket, or a link to one (`/dev/null`, `/dev/stdout` on a terminal or
//!   a pipe): written through, never replaced, as a shell's `>` would;
//! - a link to one of this process's own descriptors (`/dev/stdout`, `/dev/fd/1`,
//!   `/proc/self/fd/1`) that leads to a regular file: written through, appending, as `>>` would;
//! - any other link: replaced by the file, never written through, so a link planted where the
//!   output goes cannot send it elsewhere;
//! - a folder: an error.
//!
//! Standard output itself (`-o -`) is the caller's to write.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The path names a folder.
    #[error("{}: is a directory; give a file name", path.display())]
    IsDirectory { path: PathBuf },
    /// Opening, writing or renaming failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// How an output path is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A temporary file renamed onto the path.
    Replace,
    /// Opened and written (a device, a FIFO): never replaced.
    Through,
    /// Opened for appending: a descriptor of this process that leads to a regular file.
    Append,
    /// A Unix socket: connected to and written.
    Socket,
}

/// Decides how to write `path` (see the module documentation).
pub fn method_for(path: &Path) -> Result<Method, OutputError> {
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let is_dir = || OutputError::IsDirectory {
        path: path.to_path_buf(),
    };
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Method::Replace),
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(is_dir());
    }
    if meta.is_file() {
        return Ok(Method::Replace);
    }
    if !meta.file_type().is_symlink() {
        return Ok(special(&meta));
    }
    match fs::metadata(path) {
        Ok(target) if target.is_dir() => Err(is_dir()),
        Ok(target) if !target.is_file() => Ok(special(&target)),
        Ok(_) if is_own_descriptor(path) => Ok(Method::Append),
        // A link to a regular file elsewhere, or a dangling one: replaced.
        _ => Ok(Method::Replace),
    }
}

/// A device or FIFO is written through; a socket is connected to.
fn special(meta: &fs::Metadata) -> Method {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_socket() {
            return Method::Socket;
        }
    }
    let _ = meta;
    Method::Through
}

/// True when `path` is, or links through, one of this process's descriptors (`/dev/fd/N`, `/proc/self/fd/N`).
fn is_own_descriptor(path: &Path) -> bool {
    let own = format!("/proc/{}/fd/", std::process::id());
    let mut current = path.to_path_buf();
    // Links are followed one at a time, at most as deep as the kernel follows them.
    for _ in 0..40 {
        let text = current.to_string_lossy();
        if [
            "/dev/fd/",
            "/proc/self/fd/",
            "/proc/thread-self/fd/",
            own.as_str(),
        ]
        .iter()
        .any(|p| text.starts_with(p))
        {
            return true;
        }
        let Ok(target) = fs::read_link(&current) else {
            return false;
        };
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    false
}

/// Writes `bytes` to `path` as [`method_for`] decides. `temp_in(folder)` makes the temporary file
/// of a replacement: it must be on the file system of `folder`, so that the rename is atomic.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    temp_in: impl FnOnce(&Path) -> io::Result<tempfile::NamedTempFile>,
) -> Result<Method, OutputError> {
    let fail = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let method = method_for(path)?;
    match method {
        Method::Replace => replace(path, bytes, temp_in).map_err(fail)?,
        Method::Through | Method::Append => OpenOptions::new()
            .write(true)
            .append(method == Method::Append)
            .open(path)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
            .map_err(fail)?,
        Method::Socket => write_socket(path, bytes).map_err(fail)?,
    }
    Ok(method)
}

/// A temporary file in `path`'s folder, fsynced, then renamed onto `path`.
fn replace(
    path: &Path,
    bytes: &[u8],
    temp_in: impl FnOnce(&Path) -> io::Result<tempfile::NamedTempFile>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = temp_in(&dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); the output gets the mode of the file
    // it replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn write_socket(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut stream = std::os::unix::net::UnixStream::connect(path)?;
    stream.write_all(bytes)?;
    stream.shutdown(std::net::Shutdown::Write)
}

#[cfg(not(unix))]
fn write_socket(_path: &Path, _bytes: &[u8]) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_at_the_path_decides() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(method_for(&d.join("new.md")).unwrap(), Method::Replace);
        fs::write(d.join("file.md"), "x").unwrap();
        assert_eq!(method_for(&d.join("file.md")).unwrap(), Method::Replace);
        assert!(matches!(
            method_for(d),
            Err(OutputError::IsDirectory { .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(d.join("file.md"), d.join("link.md")).unwrap();
            assert_eq!(method_for(&d.join("link.md")).unwrap(), Method::Replace);
            symlink(d.join("nowhere"), d.join("dangling.md")).unwrap();
            assert_eq!(method_for(&d.join("dangling.md")).unwrap(), Method::Replace);
            // A link to this process's standard error, as /dev/stderr is.
            symlink("/proc/self/fd/2", d.join("stderr")).unwrap();
            assert_ne!(method_for(&d.join("stderr")).unwrap(), Method::Replace);
            assert!(is_own_descriptor(Path::new("/dev/fd/1")));
            assert!(!is_own_descriptor(&d.join("file.md")));
        }
    }
}
