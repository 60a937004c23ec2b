//! Starting libgit2 for a command that never talks to a remote: without loading the
//! system's certificate authorities.
//!
//! Built with OpenSSL for `emend sync` over https, libgit2 loads every certificate of
//! the system's bundle the moment it starts (`SSL_CTX_set_default_verify_paths` in its
//! `openssl_init`), whatever the command: on a Debian machine 144 certificates parsed,
//! 236 million instructions, a fixed cost on every command that opens a store (a
//! callgrind profile of `emend log`). OpenSSL reads the bundle named by
//! `SSL_CERT_FILE` (the `git2` crate sets it from `openssl-probe` when unset), so a
//! command that opens a store, other than `sync`, starts libgit2 with that variable
//! naming an empty file, then puts the environment back as it was: the editor,
//! `git cat-file` and every other program emend starts see the environment the user
//! gave. `sync` starts libgit2 as before and verifies servers against the system's
//! authorities; a command that reads files alone does not start libgit2.

use std::ffi::OsString;

/// Starts libgit2 without certificate authorities (see the module doc); nothing once
/// libgit2 has started.
///
/// # Safety
///
/// Sets and restores environment variables: call it while the process has one
/// thread, before anything else uses git (`main` does, before it runs a command).
pub unsafe fn start_offline() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        const FILE: &str = "SSL_CERT_FILE";
        const DIR: &str = "SSL_CERT_DIR";
        let saved: [(&str, Option<OsString>); 2] =
            [(FILE, std::env::var_os(FILE)), (DIR, std::env::var_os(DIR))];
        // SAFETY: the caller guarantees a single thread (see above).
        unsafe { std::env::set_var(FILE, "/dev/null") };
        super::open::read_as_git_does();
        for (name, value) in saved {
            // SAFETY: as above.
            unsafe {
                match value {
                    Some(v) => std::env::set_var(name, v),
                    None => std::env::remove_var(name),
                }
            }
        }
    });
}
