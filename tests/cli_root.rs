//! Tests that need root: devices made with `mknod` in a temporary folder, never the machine's
//! own `/dev/null`. As any other user they are skipped with a note; `.ci/run` runs them as
//! root (with sudo where CI is not root), so under CI they never skip.

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

const DOC: &str = "telegram-1945-11-11";

/// True when running as root; otherwise says why the test is skipped (and fails under CI).
fn root_or_skip(test: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    // Under CI a skip is a failure, unless .ci/run says it runs this file as root next.
    assert!(
        std::env::var_os("CI").is_none() || std::env::var_os("EMEND_ROOT_TESTS_LATER").is_some(),
        "{test} needs root: run .ci/run, which runs this file as root"
    );
    eprintln!("skipped {test}: it needs root (mknod); .ci/run runs it as root");
    false
}

/// Makes a character device `major:minor` at `path`.
fn mknod(path: &Path, major: u32, minor: u32) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    let dev = libc::makedev(major, minor);
    // SAFETY: a valid NUL-terminated path; mknod only creates a device node.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, dev) };
    assert_eq!(
        made,
        0,
        "mknod {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
}

#[test]
fn export_onto_a_device_writes_through_it_and_never_replaces_it() {
    if !root_or_skip("export_onto_a_device_writes_through_it_and_never_replaces_it") {
        return;
    }
    let s = common::telegram_store();
    let dev = s.dir.path().join("dev");
    fs::create_dir(&dev).unwrap();
    // The same devices as /dev/null (1:3) and /dev/full (1:7), made here.
    let null = dev.join("null");
    let full = dev.join("full");
    mknod(&null, 1, 3);
    mknod(&full, 1, 7);
    let is_device = |p: &Path, minor: u32| {
        let m = fs::symlink_metadata(p).unwrap();
        m.file_type().is_char_device() && m.rdev() == libc::makedev(1, minor)
    };

    s.emend()
        .args(["export", DOC, "en-wilson", "-o"])
        .arg(&null)
        .assert()
        .success();
    assert!(is_device(&null, 3), "the null device was replaced");

    // Writing to a full device fails: an error naming it, and the device is still there.
    let err = common::stderr_of(
        s.emend()
            .args(["export", DOC, "en-wilson", "-o"])
            .arg(&full),
        2,
    );
    assert!(
        err.contains("full") && err.contains("No space left"),
        "{err}"
    );
    assert!(is_device(&full, 7), "the full device was replaced");
    let mut names: Vec<String> = fs::read_dir(&dev)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["full", "null"], "no temporary file left");
}
