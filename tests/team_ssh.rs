//! `emend sync` over ssh against a real server: OpenSSH's `sshd` on a free
//! local port, the key in an `ssh-agent`, the server's key in `known_hosts`,
//! as a team member's machine has them. A proposal goes from one clone to the
//! other and its review comes back; a server whose key is unknown and a
//! missing agent are refused with exit 2.
//!
//! Needs OpenSSH's server and client (`openssh-server`, `openssh-client`),
//! which `.ci/run` installs; without them the test says so and is skipped,
//! except under CI, where it fails.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{emend, stderr_of, stdout_of, telegram_text, tool_available};

const DOC: &str = "telegram-1945-11-11";

/// A child process killed when the test ends, however it ends.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(cmd: &mut Process) -> String {
    let out = cmd.output().expect("the program runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits until `ready` holds, for at most ten seconds.
fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{what} never came up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A local ssh server and an agent holding the one key it accepts.
struct Server {
    dir: tempfile::TempDir,
    port: u16,
    user: String,
    agent_socket: PathBuf,
    _sshd: Daemon,
    _agent: Daemon,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        for key in ["host_key", "user_key"] {
            run(Process::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(key)));
        }
        std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys")).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let user = run(Process::new("id").arg("-un")).trim().to_string();
        let config = d.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\n\
                 StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 PermitRootLogin prohibit-password\nPidFile {pid}\nLogLevel ERROR\n",
                host = d.join("host_key").display(),
                keys = d.join("authorized_keys").display(),
                pid = d.join("sshd.pid").display(),
            ),
        )
        .unwrap();
        // sshd run by root wants its privilege separation folder.
        if user == "root" {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let sshd = Process::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd starts");
        let sshd = Daemon(sshd);
        wait_for("sshd", || TcpStream::connect(("127.0.0.1", port)).is_ok());
        let agent_socket = d.join("agent.sock");
        let agent = Process::new("ssh-agent")
            .args(["-D", "-a"])
            .arg(&agent_socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent starts");
        let agent = Daemon(agent);
        wait_for("ssh-agent", || agent_socket.exists());
        run(Process::new("ssh-add")
            .arg("-q")
            .arg(d.join("user_key"))
            .env("SSH_AUTH_SOCK", &agent_socket));
        Server {
            dir,
            port,
            user,
            agent_socket,
            _sshd: sshd,
            _agent: agent,
        }
    }

    /// The `known_hosts` line that names this server's key.
    fn known_host(&self) -> String {
        let public = std::fs::read_to_string(self.dir.path().join("host_key.pub")).unwrap();
        let mut words = public.split_whitespace();
        let (kind, key) = (words.next().unwrap(), words.next().unwrap());
        format!("[127.0.0.1]:{} {kind} {key}\n", self.port)
    }

    fn url(&self, repo: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            repo.display()
        )
    }
}

/// One person's clone, with a home that knows the server.
struct Person {
    home: PathBuf,
    path: PathBuf,
    agent: Option<PathBuf>,
}

impl Person {
    fn new(root: &Path, who: &str, name: &str, server: &Server) -> Person {
        let home = root.join(format!("home-{who}"));
        std::fs::create_dir_all(home.join(".ssh")).unwrap();
        std::fs::write(home.join(".ssh/known_hosts"), server.known_host()).unwrap();
        std::fs::write(
            home.join("gitconfig"),
            format!("[user]\n\tname = {name}\n\temail = {who}@example.org\n[init]\n\tdefaultBranch = main\n"),
        )
        .unwrap();
        Person {
            path: root.join(who),
            home,
            agent: Some(server.agent_socket.clone()),
        }
    }

    fn emend(&self) -> Command {
        let mut cmd = emend(&self.path);
        cmd.env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"));
        if let Some(agent) = &self.agent {
            cmd.env("SSH_AUTH_SOCK", agent);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        stdout_of(self.emend().args(args))
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        // ssh reads known_hosts from the home in the password database, not $HOME.
        let known = self.home.join(".ssh/known_hosts");
        let mut cmd = Process::new("git");
        cmd.args(args)
            .current_dir(dir)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env(
                "GIT_SSH_COMMAND",
                format!(
                    "ssh -o BatchMode=yes -o UserKnownHostsFile={}",
                    known.display()
                ),
            )
            .env(
                "SSH_AUTH_SOCK",
                self.agent.as_deref().unwrap_or(Path::new("/nonexistent")),
            );
        run(&mut cmd)
    }
}

#[test]
fn a_proposal_and_its_review_travel_over_ssh() {
    let install = "apt-get install -y openssh-server openssh-client";
    if !tool_available("OpenSSH's server", "/usr/sbin/sshd", &["-V"], install)
        || !tool_available("OpenSSH's client", "ssh", &["-V"], install)
    {
        return;
    }
    let server = Server::start();
    let root = tempfile::tempdir().expect("temp dir");
    let ada = Person::new(root.path(), "ada", "Ada Editor", &server);
    let mut boris = Person::new(root.path(), "boris", "Boris Translator", &server);
    let remote = root.path().join("remote.git");
    ada.git(
        root.path(),
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let url = server.url(&remote);

    // Ada makes the store and shares it.
    stdout_of(ada.emend().current_dir(root.path()).args(["init", "ada"]));
    let f = ada.home.join("en-wilson.md");
    std::fs::write(&f, telegram_text("en-wilson")).unwrap();
    ada.run(&["add", DOC, "en-wilson", f.to_str().unwrap(), "--lang", "en"]);
    ada.git(&ada.path, &["remote", "add", "origin", &url]);
    let out = ada.run(&["sync"]);
    assert!(out.contains(&format!("fetched origin ({url})")), "{out}");
    assert!(out.contains("pushed main to origin/main"), "{out}");

    // Boris clones it with git and proposes a correction.
    ada.git(root.path(), &["clone", "-q", &url, "boris"]);
    let text = std::fs::read_to_string(boris.path.join(format!("translations/{DOC}/en-wilson.md")))
        .unwrap();
    let fixed = boris.home.join("fixed.md");
    std::fs::write(&fixed, text.replace("in lapan.", "in Japan.")).unwrap();
    boris.run(&[
        "propose",
        DOC,
        "en-wilson",
        fixed.to_str().unwrap(),
        "--name",
        "japan",
    ]);
    let out = boris.run(&["sync"]);
    assert!(out.contains("pushed proposal japan"), "{out}");

    // Ada sees it, reviews it and shares the review; its branch goes.
    ada.run(&["sync"]);
    let listed = ada.run(&["proposals"]);
    assert!(
        listed.contains("japan") && listed.contains("in origin"),
        "{listed}"
    );
    ada.run(&["review", "japan", "--accept", "all"]);
    let out = ada.run(&["sync"]);
    assert!(
        out.contains("deleted on origin the branch of closed proposal japan"),
        "{out}"
    );
    let heads = ada.git(&remote, &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(heads.trim(), "refs/heads/main", "{heads}");

    // Boris gets the reviewed text.
    let out = boris.run(&["sync"]);
    assert!(out.contains("fast-forwarded"), "{out}");
    let now = std::fs::read_to_string(boris.path.join(format!("translations/{DOC}/en-wilson.md")))
        .unwrap();
    assert!(now.contains("in Japan.") && !now.contains("in lapan."));

    // A server whose key Boris's machine does not know is refused, saying how to trust it.
    std::fs::write(boris.home.join(".ssh/known_hosts"), "").unwrap();
    let err = stderr_of(boris.emend().arg("sync"), 2);
    assert!(
        err.contains(&format!("could not fetch from remote origin ({url})")),
        "{err}"
    );
    assert!(err.contains("known_hosts"), "{err}");
    std::fs::write(boris.home.join(".ssh/known_hosts"), server.known_host()).unwrap();

    // Without the agent, no key: refused, naming what was tried.
    boris.agent = None;
    let err = stderr_of(boris.emend().arg("sync"), 2);
    assert!(err.contains("could not fetch from remote origin"), "{err}");
    assert!(err.contains("ssh-agent"), "{err}");
    let head = boris.git(&boris.path, &["rev-parse", "HEAD"]);
    assert_eq!(head, ada.git(&ada.path, &["rev-parse", "HEAD"]));
}
