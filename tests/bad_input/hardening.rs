//! Rows of the bad-input matrix for hostile files and places (issue 12): where the output goes,
//! inputs with no end, links on store paths, Windows device names, one bad document among good
//! ones, approving what cannot be read, and an empty edit. Kills and locks are in `cli_safety.rs`;
//! devices made with `mknod` (root only) in `cli_root.rs`.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, symlink};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{TIMEOUT, expect_error_in, file};
use crate::common::{self, TestStore, stderr_of, stdout_of, telegram_store, telegram_text};

const DOC: &str = "telegram-1945-11-11";

/// Runs emend in store `s` (with its identity); it must fail as [`expect_error_in`] says.
fn expect_store_error(s: &TestStore, args: &[&str], needles: &[&str]) -> String {
    let out = s.emend().args(args).timeout(TIMEOUT).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{args:?}: {stderr:?} lacks {needle:?}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{args:?}: an error printed output too"
    );
    stderr
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// Opens a FIFO for reading without waiting for a writer.
fn open_fifo_reader(path: &Path) -> fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .unwrap()
}

/// Everything a non-blocking FIFO reader holds once its writer has closed.
fn drain(mut reader: fs::File) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return out,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn export_writes_through_fifos_sockets_and_standard_output_never_replacing_them() {
    let s = telegram_store();
    let text = telegram_text("en-wilson");
    let o = s.dir.path().join("out");
    fs::create_dir(&o).unwrap();
    let export = |target: &Path| {
        s.emend()
            .args(["export", DOC, "en-wilson", "-o"])
            .arg(target)
            .timeout(TIMEOUT)
            .output()
            .unwrap()
    };

    // A FIFO: the reader gets the text, and the FIFO is still a FIFO.
    let fifo = o.join("pipe");
    mkfifo(&fifo);
    let reader = open_fifo_reader(&fifo);
    let out = export(&fifo);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(drain(reader)).unwrap(), text);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    // A Unix socket: emend connects and writes; the socket file stays.
    let sock = o.join("socket");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    listener.set_nonblocking(true).unwrap();
    let out = export(&sock);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut conn, _) = loop {
        match listener.accept() {
            Ok(c) => break c,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("emend never connected: {e}"),
        }
    };
    conn.set_nonblocking(false).unwrap();
    let mut got = String::new();
    conn.read_to_string(&mut got).unwrap();
    assert_eq!(got, text);
    assert!(fs::symlink_metadata(&sock).unwrap().file_type().is_socket());

    // Standard output by its /proc name, directly and through a link (as /dev/stdout is one):
    // the text arrives on the pipe, and nothing is replaced.
    let stdout_link = o.join("stdout");
    symlink("/proc/self/fd/1", &stdout_link).unwrap();
    for target in [Path::new("/proc/self/fd/1"), stdout_link.as_path()] {
        let out = export(target);
        assert!(
            out.status.success(),
            "{target:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), text, "{target:?}");
    }
    assert!(
        fs::symlink_metadata(&stdout_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // `-o -` is standard output, not a file named "-".
    let out = stdout_of(s.emend().args(["export", DOC, "en-wilson", "-o", "-"]));
    assert_eq!(out, text);
    assert!(!s.path.join("-").exists());

    // A regular file is replaced atomically: a new file in its place, never half-written.
    let regular = o.join("telegram.md");
    fs::write(&regular, "old").unwrap();
    let inode = fs::metadata(&regular).unwrap().ino();
    assert!(export(&regular).status.success());
    assert_eq!(fs::read_to_string(&regular).unwrap(), text);
    assert_ne!(
        fs::metadata(&regular).unwrap().ino(),
        inode,
        "replaced, not rewritten"
    );
    let mut names: Vec<String> = fs::read_dir(&o)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["pipe", "socket", "stdout", "telegram.md"],
        "no temporary left"
    );
}

#[test]
fn inputs_past_the_size_limit_are_refused_naming_the_file_and_the_limit() {
    let s = telegram_store();
    let big = file(s.dir.path(), "big.md", "word ".repeat(300));
    let small = file(s.dir.path(), "small.md", "1. One.\n");
    let limited = |args: &[&str]| {
        let mut cmd = s.emend();
        cmd.env("EMEND_MAX_INPUT", "1K").args(args).timeout(TIMEOUT);
        cmd
    };
    // A regular file, refused from its size; the limit is named, and how to raise it.
    let err = stderr_of(&mut limited(&["diff", "--files", &big, &small]), 2);
    assert!(
        err.contains("big.md: larger than the input size limit of 1 KiB"),
        "{err}"
    );
    assert!(
        err.contains("--max-input-size") && err.contains("EMEND_MAX_INPUT"),
        "{err}"
    );
    // Inputs with no end: a device, a FIFO whose writer never stops, standard input.
    for args in [
        &["add", DOC, "zeros", "/dev/zero", "--lang", "en"][..],
        &["diff", "--files", "/dev/zero", &small],
        &["show", "--file", "/dev/urandom"],
    ] {
        let err = stderr_of(&mut limited(args), 2);
        assert!(
            err.contains("larger than the input size limit of 1 KiB"),
            "{args:?}: {err}"
        );
    }
    let fifo = s.dir.path().join("endless");
    mkfifo(&fifo);
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut w = fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        // Writes until emend stops reading (EPIPE), never on its own.
        while w.write_all(&[b'a'; 4096]).is_ok() {}
    });
    let err = stderr_of(&mut limited(&["show", "--file", fifo.to_str().unwrap()]), 2);
    assert!(
        err.contains("endless: larger than the input size limit"),
        "{err}"
    );
    writer.join().unwrap();
    let err = stderr_of(
        limited(&["show", "--file", "/dev/stdin"]).write_stdin("x".repeat(5000)),
        2,
    );
    assert!(
        err.contains("/dev/stdin: larger than the input size limit"),
        "{err}"
    );
    // Within the limit, standard input is a file like any other.
    let out = stdout_of(limited(&["show", "--file", "/dev/stdin"]).write_stdin("1. One.\n"));
    assert!(out.contains("One."), "{out}");

    // The option, which wins over the variable; and a committed blob past the limit.
    s.emend()
        .args(["update", DOC, "en-wilson", &big])
        .assert()
        .success();
    let err = stderr_of(
        s.emend().env("EMEND_MAX_INPUT", "1G").args([
            "--max-input-size",
            "1000",
            "show",
            DOC,
            "en-wilson",
        ]),
        2,
    );
    assert!(
        err.contains("translations/telegram-1945-11-11/en-wilson.md at ")
            && err.contains("limit of 1000 bytes"),
        "{err}"
    );
    // A review --edit file is read with the same limit.
    let err = stderr_of(
        &mut limited(&["review", "nothing", "--edit", "1=/dev/zero"]),
        2,
    );
    assert!(
        err.contains("/dev/zero: larger than the input size limit"),
        "{err}"
    );
    // A limit that is not a size.
    let err = stderr_of(s.emend().args(["--max-input-size", "lots", "list"]), 2);
    assert!(err.contains("not a size"), "{err}");
}

#[test]
fn links_on_store_paths_are_refused_and_nothing_is_read_or_written_through_them() {
    let s = telegram_store();
    let secret = s.dir.path().join("secret.txt");
    fs::write(&secret, "root:x:0:0:secret\n").unwrap();
    let doc_dir = s.store_file(&format!("translations/{DOC}"));
    // A version file committed as a link: git holds a blob of mode 120000.
    symlink(&secret, doc_dir.join("pw.md")).unwrap();
    let meta_path = doc_dir.join("document.json");
    let meta = fs::read_to_string(&meta_path).unwrap().replacen(
        "\"versions\": [",
        "\"versions\": [\n    {\"id\": \"pw\", \"language\": \"en\", \"role\": \"draft\"},",
        1,
    );
    fs::write(&meta_path, meta).unwrap();
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "a link"]);
    let head = s.git(&["rev-parse", "HEAD"]);
    for args in [
        &["show", DOC, "pw"][..],
        &["diff", DOC, "pw"],
        &["diff", DOC, "en-wilson", "pw"],
        &["export", DOC, "pw"],
        &["update", DOC, "pw"],
        &["approve", DOC, "pw"],
        &["log", DOC, "pw"],
        &["blame", DOC, "pw"],
        &["status", DOC],
    ] {
        let err = expect_store_error(&s, args, &["pw.md is a symbolic link"]);
        assert!(
            !err.contains("secret"),
            "{args:?} read through the link: {err}"
        );
    }
    // Writing over it from a file is refused too: the link stays for the user to remove.
    let f = s.file("new.md", "1. New.\n");
    expect_store_error(
        &s,
        &["update", DOC, "pw", &f],
        &["pw.md is a symbolic link"],
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "nothing committed");
    assert_eq!(fs::read_to_string(&secret).unwrap(), "root:x:0:0:secret\n");

    // A documents folder that is a link to somewhere else: nothing is written there.
    let s = telegram_store();
    let elsewhere = s.dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let root = s.store_file("translations");
    fs::rename(&root, elsewhere.join("moved")).unwrap();
    symlink(elsewhere.join("moved"), &root).unwrap();
    let before = s.git(&["rev-parse", "HEAD"]);
    let f = s.file("new.md", "1. New.\n");
    for args in [
        &["add", "other", "en", &f, "--lang", "en"][..],
        &["update", DOC, "en-wilson", &f],
        &["approve", DOC, "en-wilson"],
    ] {
        expect_store_error(
            &s,
            args,
            &["translations is a symbolic link in the work tree"],
        );
    }
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    assert!(
        !elsewhere.join("moved/other").exists(),
        "written through the link"
    );

    // emend.toml as a link is not read.
    let s = TestStore::new();
    let toml = s.store_file("emend.toml");
    fs::remove_file(&toml).unwrap();
    symlink(&secret, &toml).unwrap();
    let err = expect_error_in(&s.path, &["list"], &["emend.toml", "symbolic link"]);
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn windows_device_names_are_refused_as_ids_with_the_reason() {
    let s = telegram_store();
    let f = s.file("t.md", "1. One.\n");
    for args in [
        &["add", "con", "en", &f, "--lang", "en"][..],
        &["add", "aux.notes", "en", &f, "--lang", "en"],
        &["add", DOC, "nul", &f, "--lang", "en"],
        &["add", DOC, "com1", &f, "--lang", "en"],
        &["add", DOC, "lpt9.x", &f, "--lang", "en"],
        &["add", DOC, "prn", &f, "--lang", "en"],
        &["propose", DOC, "en-wilson", &f, "--name", "com7"],
        &["show", "con", "en"],
    ] {
        expect_store_error(&s, args, &["reserved device name on Windows"]);
    }
    // Names that only start like one are fine.
    s.emend()
        .args(["add", DOC, "console", &f, "--lang", "en"])
        .assert()
        .success();
}

#[test]
fn one_bad_document_does_not_hide_the_others_from_list_and_status() {
    let s = telegram_store();
    for doc in ["alpha", "deep", "gone"] {
        let f = s.file(&format!("{doc}.md"), "1. One.\n");
        s.emend()
            .args(["add", doc, "en", &f, "--lang", "en"])
            .assert()
            .success();
    }
    // `deep`: a document.json nested 100,000 deep; `gone`: an approval (in the layout of
    // older stores, without the text's blob id) of a commit that is not there.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    fs::write(s.store_file("translations/deep/document.json"), deep).unwrap();
    let gone = format!(
        "{{\"approvals\": [{{\"version\": \"en\", \"commit\": \"{}\", \"approver\": \"Ada <ada@example.org>\", \"date\": \"2026-11-27T23:40:00+00:00\"}}]}}\n",
        "e".repeat(40)
    );
    fs::write(s.store_file("translations/gone/approvals.json"), gone).unwrap();
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "break two documents"]);

    let out = s.emend().arg("list").timeout(TIMEOUT).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let listed = String::from_utf8_lossy(&out.stdout);
    for doc in ["alpha", "gone", DOC] {
        assert!(listed.contains(doc), "{doc} missing: {listed}");
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not read 1 of 4 documents")
            && err.contains("deep: translations/deep/document.json"),
        "{err}"
    );

    let out = s
        .emend()
        .args(["status", "--format", "json"])
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document"].as_str().unwrap())
        .collect();
    // An approval whose text is lost is a warning for its version, not an unread document.
    assert_eq!(shown, ["alpha", "gone", DOC]);
    assert_eq!(
        v["documents"][1]["versions"][0]["approved"]["found"],
        "lost"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not read 1 of 4 documents"), "{err}");
    assert!(
        err.contains("\n  deep: ") && !err.contains("\n  gone: "),
        "{err}"
    );
    assert!(
        err.contains("warning: the latest approval of en in gone") && err.contains("eeeeeee"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Named alone, the document with the lost approval is shown, with the warning.
    let out = common::emend(&s.path)
        .args(["status", "gone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("approval lost"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("emend approve gone en"));
    expect_error_in(
        &s.path,
        &["export", "gone", "en", "--approved"],
        &["eeeeeee"],
    );
    stdout_of(common::emend(&s.path).args(["status", "alpha"]));
}

#[test]
fn approve_refuses_text_that_show_and_export_cannot_read() {
    for (name, bytes, needle) in [
        (
            "binary",
            &b"%PDF-1.4\n\0\0binary"[..],
            "binary file (NUL byte at offset 9)",
        ),
        (
            "latin1",
            b"Le d\xe9cret",
            "not valid UTF-8 (first bad byte at offset 4)",
        ),
    ] {
        let s = telegram_store();
        let path = format!("translations/{DOC}/en-wilson.md");
        fs::write(s.store_file(&path), bytes).unwrap();
        s.git(&["commit", "-q", "-am", name]);
        let head = s.git(&["rev-parse", "HEAD"]);
        expect_store_error(
            &s,
            &["approve", DOC, "en-wilson"],
            &["en-wilson.md", needle],
        );
        assert_eq!(
            s.git(&["rev-parse", "HEAD"]),
            head,
            "{name}: approved anyway"
        );
    }
}

#[test]
fn an_empty_edit_is_refused_unless_the_paragraph_is_deleted_on_purpose() {
    let s = common::telegram_with_proposal();
    let head = s.git(&["rev-parse", "HEAD"]);
    let empty = s.file("empty.md", " \n\n");
    for (args, stdin) in [
        (
            vec!["review", "fix-scan", "--edit", "2¶6=/dev/stdin"],
            Some(""),
        ),
        (
            vec!["review", "fix-scan", "--edit", &format!("2¶6={empty}")],
            None,
        ),
    ] {
        let mut cmd = s.emend();
        cmd.args(&args).timeout(TIMEOUT);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        let err = stderr_of(&mut cmd, 2);
        assert!(
            err.contains("the file is empty") && err.contains("--delete 2¶6"),
            "{err}"
        );
    }
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "nothing written");
    // Said explicitly, the paragraph goes.
    let before = s.git(&["show", &format!("HEAD:translations/{DOC}/en-wilson.md")]);
    assert!(
        before.contains("directives on the scene, in lapan."),
        "{before}"
    );
    stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--delete", "2¶6", "--accept", "all"]),
    );
    let after = s.git(&["show", &format!("HEAD:translations/{DOC}/en-wilson.md")]);
    assert!(!after.contains("directives on the scene"), "{after}");
    assert!(
        after.contains("ll. 0102-0105") && !after.contains("\n\n\n"),
        "{after}"
    );
}
