//! Terminal manners: colour, width, and a pager for output longer than the screen.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use emend::render::Painter;
use emend::render::terminal::Palette;
use emend::text::{EscapeForm, escape_controls, visible};

use super::{ColorChoice, CommandError, GlobalArgs};

/// Where output goes, and how it is drawn.
///
/// On a terminal, output is collected and, if it is longer than the screen,
/// sent through `$PAGER` (default `less -FRX`) when the command ends;
/// `--no-pager` or a `PAGER` of `cat` or nothing turns that off. Elsewhere it
/// streams to standard output.
pub struct Ui {
    pub painter: Painter,
    sink: Sink,
    /// Standard output is a terminal.
    terminal: bool,
}

enum Sink {
    Direct(io::BufWriter<Box<dyn Write>>),
    Paged(Vec<u8>),
}

impl Ui {
    /// Sets up output for the flags given.
    pub fn new(global: &GlobalArgs) -> Ui {
        let stdout = io::stdout();
        let terminal = stdout.is_terminal();
        let palette = palette(global.color, terminal);
        let sink = if terminal && !global.no_pager && pager_command().is_some() {
            Sink::Paged(Vec::new())
        } else {
            Sink::Direct(io::BufWriter::with_capacity(
                1 << 16,
                direct(stdout, terminal),
            ))
        };
        Ui {
            painter: Painter::new(palette),
            sink,
            terminal,
        }
    }

    /// The output stream.
    pub fn out(&mut self) -> &mut dyn Write {
        match &mut self.sink {
            Sink::Direct(w) => w,
            Sink::Paged(buf) => buf,
        }
    }

    /// Standard output is a terminal.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// Writes a document as it is (an export, a Markdown table) into a pipe
    /// or a file. On a terminal, control characters are shown escaped
    /// (`\u{1b}`), so that a document cannot drive the terminal.
    pub fn write_document(&mut self, text: &str) -> io::Result<()> {
        if self.terminal {
            let shown = visible(text);
            self.out().write_all(shown.as_bytes())
        } else {
            self.out().write_all(text.as_bytes())
        }
    }

    /// Writes a JSON value and a newline: indented on a terminal, compact
    /// (one line, the fastest to write and parse) when piped. On a terminal,
    /// the control characters JSON allows raw in strings (DEL and the C1
    /// controls) are written as `\u` escapes too, which keeps the JSON the same.
    pub fn write_json<T: serde::Serialize>(&mut self, value: &T) -> Result<(), CommandError> {
        let pretty = self.json_pretty();
        if pretty {
            let text = serde_json::to_string_pretty(value)?;
            self.out().write_all(json_for_terminal(&text).as_bytes())?;
        } else {
            serde_json::to_writer(self.out(), value)?;
        }
        writeln!(self.out())?;
        Ok(())
    }

    /// JSON is indented for a person at a terminal, compact for a program.
    pub fn json_pretty(&self) -> bool {
        matches!(self.sink, Sink::Paged(_)) || io::stdout().is_terminal()
    }

    /// Writes a Word document to standard output, refusing a terminal (it is binary), and
    /// warns when characters XML forbids were left out of it.
    pub fn write_docx(&mut self, bytes: &[u8], dropped: usize) -> Result<(), CommandError> {
        if self.terminal {
            return Err(CommandError::new(
                "a Word document is binary and is not written to a terminal",
            )
            .with_hint("redirect it to a file: `... --format docx > changes.docx`"));
        }
        warn_dropped(dropped);
        self.out().write_all(bytes)?;
        Ok(())
    }

    /// Width of the terminal in columns: `COLUMNS`, else the terminal's, else 100.
    pub fn width(&self) -> usize {
        if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
            return cols;
        }
        terminal_size::terminal_size_of(io::stdout())
            .map(|(w, _)| usize::from(w.0))
            .unwrap_or(100)
    }

    /// Writes what is collected, through the pager if it does not fit the screen.
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Direct(mut w) => w.flush(),
            Sink::Paged(buf) => {
                let height = terminal_size::terminal_size_of(io::stdout())
                    .map_or(usize::MAX, |(_, h)| usize::from(h.0));
                let lines = buf.iter().filter(|&&b| b == b'\n').count();
                if lines + 1 >= height
                    && let Some(argv) = pager_command()
                    && page(&argv, &buf).is_ok()
                {
                    return Ok(());
                }
                let mut out = io::stdout().lock();
                out.write_all(&buf)?;
                out.flush()
            }
        }
    }
}

/// Standard output to stream to. Rust's `Stdout` is line-buffered whatever it
/// writes to, and looks for the last line end in every block written through
/// it, a byte at a time (15 M instructions for a diff of two Bibles as JSON).
/// Into a file or a pipe, a duplicate of its descriptor is written instead;
/// everything emend prints goes through this one writer, in order.
fn direct(stdout: io::Stdout, terminal: bool) -> Box<dyn Write> {
    #[cfg(unix)]
    if !terminal {
        use std::os::fd::AsFd;
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    #[cfg(not(unix))]
    let _ = terminal;
    Box::new(stdout)
}

/// The one colour decision, for output to a stream that `is_terminal` or not: `--color`,
/// and with `auto` colour only on a terminal and while NO_COLOR is unset or empty.
pub fn palette(choice: ColorChoice, is_terminal: bool) -> Palette {
    let no_color = || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => Palette::Color,
        ColorChoice::Never => Palette::Plain,
        ColorChoice::Debug => Palette::Debug,
        ColorChoice::Auto if is_terminal && !no_color() => Palette::Color,
        ColorChoice::Auto => Palette::Plain,
    }
}

/// `json` with every control character other than line feed written as a
/// `\uXXXX` escape. Outside strings, JSON holds no control characters but
/// line feeds, so the value is unchanged.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    escape_controls(json, &['\n'], EscapeForm::Json)
}

/// Warns that characters XML forbids were left out of a Word document.
pub fn warn_dropped(dropped: usize) {
    if dropped > 0 {
        eprintln!(
            "emend: warning: {dropped} character{} that XML 1.0 forbids (control characters) left out of the Word document",
            if dropped == 1 { "" } else { "s" }
        );
    }
}

/// The pager as program and arguments, split like a shell would but never run by one.
fn pager_command() -> Option<Vec<String>> {
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -FRX".to_string());
    let argv = shlex::split(&pager)?;
    match argv.first().map(String::as_str) {
        None | Some("") | Some("cat") => None,
        Some(_) => Some(argv),
    }
}

fn page(argv: &[String], text: &[u8]) -> io::Result<()> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    let mut child = cmd.spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // The reader quitting early (q in less) is not an error.
        let _ = stdin.write_all(text);
    }
    child.wait()?;
    Ok(())
}
