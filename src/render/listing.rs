//! The terminal form of what the store holds: documents and versions, history, blame,
//! status and proposals. Every text from the store (titles, names, messages, keys) is
//! passed through [`visible`] before it is printed.

use std::io::{self, Write};
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::terminal::{Painter, Role, marked_text};
use super::{columns, fit_columns};
use crate::store::{CommitInfo, DateFormat, DocumentMeta, VersionMeta, short_id};
use crate::text::{Document, visible};
use crate::workflow::{
    Blame, Found, Listed, LogEntry, Proposal, ProposalState, Sections, StaleSegment, VersionStatus,
};

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `list`: one line per document, its title and its versions.
pub fn write_documents(w: &mut dyn Write, rows: &[(String, DocumentMeta)]) -> io::Result<()> {
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, m) in rows {
        let versions: Vec<&str> = m.versions.iter().map(|v| v.id.as_str()).collect();
        writeln!(
            w,
            "{id:width$}  {}  [{}]",
            visible(m.title.as_deref().unwrap_or("")),
            versions.join(", ")
        )?;
    }
    Ok(())
}

/// `list DOC`: the document's title, then one line per version with its last change.
pub fn write_versions(
    w: &mut dyn Write,
    doc: &str,
    meta: &DocumentMeta,
    versions: &[Listed],
) -> io::Result<()> {
    writeln!(w, "{doc}: {}", visible(meta.title.as_deref().unwrap_or("")))?;
    let width = versions.iter().map(|l| l.meta.id.len()).max().unwrap_or(0);
    let lang_width = language_width(versions.iter().map(|l| &l.meta));
    for l in versions {
        let v = &l.meta;
        let from = v
            .from
            .as_deref()
            .map(|f| format!(" from {}", visible(f)))
            .unwrap_or_default();
        let by = v
            .translator
            .as_deref()
            .map(|t| format!(", {t}"))
            .unwrap_or_default();
        let when = l
            .last_change
            .as_ref()
            .map(|c| format!("{} {} {}", c.short_id, c.time.short(), c.author.name))
            .unwrap_or_else(|| "not committed".to_string());
        writeln!(
            w,
            "  {:width$}  {:lang_width$}  {}{}{}  ({})",
            v.id,
            visible(&v.language),
            v.role.name(),
            from,
            visible(&by),
            visible(&when)
        )?;
    }
    Ok(())
}

/// `log`: one line per revision, newest first; times as `date` shows them, else to the minute.
pub fn write_log(
    w: &mut dyn Write,
    painter: &Painter,
    entries: &[LogEntry],
    date: Option<DateFormat>,
) -> io::Result<()> {
    for e in entries {
        let what = match &e.key {
            Some((key, status)) => format!("{} {}", visible(key), status.name()),
            None => format!("{} row{} changed", e.changed, plural(e.changed)),
        };
        writeln!(
            w,
            "{} {}  {}  {}  ({})",
            painter.paint(Role::Key, &e.info.short_id),
            date.map_or_else(|| e.info.time.short(), |d| d.show(e.info.time)),
            visible(&e.info.author.name),
            visible(&e.info.summary),
            what
        )?;
    }
    if entries.is_empty() {
        writeln!(w, "no revisions")?;
    }
    Ok(())
}

/// "Eddie Editor", or "Eddie Editor (review of fix-scan by Tanya Translator)".
fn blamed_on(b: &Blame) -> String {
    match &b.proposal {
        Some((name, proposer)) => {
            let proposer = proposer.split(" <").next().unwrap_or(proposer);
            format!("{} (review of {name} by {proposer})", b.commit.author.name)
        }
        None => b.commit.author.name.clone(),
    }
}

/// A commit's part of a blame line, by the commit and the proposal it reviewed.
type Stamps<'b> = FxHashMap<(*const CommitInfo, Option<(&'b str, &'b str)>), String>;

/// `blame`: for each segment of `doc`, the commit, date and author of its last change, its
/// key and the start of its text; times as `date` shows them, else the day.
pub fn write_blame(
    w: &mut dyn Write,
    painter: &Painter,
    doc: &Document,
    lines: &[Blame],
    date: Option<DateFormat>,
    under: &Sections,
) -> io::Result<()> {
    let who_width = lines
        .iter()
        .filter(|b| under.holds(&b.key))
        .map(|b| columns(&visible(&blamed_on(b))))
        .max()
        .unwrap_or(0);
    let key_width = lines
        .iter()
        .filter(|b| under.holds(&b.key))
        .map(|b| columns(&visible(&b.key)))
        .max()
        .unwrap_or(0)
        .min(24);
    // A commit's id, date and name are the same on every line it is blamed for (a
    // Bible's 31,000 verses share a few commits): made once per commit and reused.
    let mut stamps: Stamps<'_> = FxHashMap::default();
    for (b, seg) in lines.iter().zip(&doc.segments) {
        if !under.holds(&b.key) {
            continue;
        }
        let proposal = b.proposal.as_ref().map(|(n, p)| (n.as_str(), p.as_str()));
        let stamp = stamps
            .entry((Rc::as_ptr(&b.commit), proposal))
            .or_insert_with(|| {
                let who = blamed_on(b);
                format!(
                    "{} {} {}{}",
                    painter.paint(Role::Key, &b.commit.short_id),
                    date.map_or_else(
                        || b.commit.time.short()[..10].to_string(),
                        |d| d.show(b.commit.time)
                    ),
                    visible(&who),
                    " ".repeat(who_width.saturating_sub(columns(&visible(&who)))),
                )
            });
        // What fits in 60 columns (30 Chinese characters), and whether there is more.
        let (text, cut) = fit_columns(&seg.text, 60);
        let more = if cut { "…" } else { "" };
        writeln!(
            w,
            "{stamp}  {}{}  {}{more}",
            visible(&b.key),
            " ".repeat(key_width.saturating_sub(columns(&visible(&b.key)))),
            visible(text),
        )?;
    }
    Ok(())
}

/// What `status` says of a version's approval: where the approved text is, and how many rows
/// changed since; a re-found approval names the commit it recorded, a lost one says so.
fn approval_part(v: &VersionStatus) -> String {
    let Some(a) = &v.approval else {
        return "not approved".to_string();
    };
    let recorded = short_id(a.approval.commit);
    let Some(at) = a.commit else {
        return format!("approval lost (neither {recorded} nor its text is on this branch)");
    };
    let mut out = format!("approved at {}", short_id(at));
    if a.found == Found::ReFound {
        out.push_str(&format!(" (re-found; recorded as {recorded})"));
    }
    match v.rows_since_approval {
        Some(n) if n > 0 => out.push_str(&format!(", {n} row{} changed since", plural(n))),
        _ => {}
    }
    out
}

/// `confirm`: what was confirmed, or that nothing was stale; then the keys named that were
/// confirmed already, and those left stale because their source changed after it was read.
pub fn confirmed(doc: &str, version: &str, c: &crate::workflow::Confirmed) -> String {
    let already = (!c.already.is_empty()).then(|| {
        format!(
            "{} of {version} in {doc}: confirmed already, after {} last changed",
            some_keys(c.already.iter().map(String::as_str)),
            c.source
        )
    });
    let changed = (!c.changed_since.is_empty()).then(|| {
        format!(
            "{} of {version} in {doc}: still stale, since {} changed after {}, where it was read",
            some_keys(c.changed_since.iter().map(String::as_str)),
            c.source,
            short_id(c.at)
        )
    });
    let notes: Vec<String> = already.into_iter().chain(changed).collect();
    let notes = (!notes.is_empty()).then(|| notes.join("\n"));
    match (c.commit, notes) {
        (Some(commit), notes) => {
            let n = c.keys.len();
            let mut out = format!(
                "confirmed {n} segment{} of {version} in {doc} against {} at {} ({}): {}",
                if n == 1 { "" } else { "s" },
                c.source,
                short_id(c.at),
                short_id(commit),
                some_keys(c.keys.iter().map(String::as_str))
            );
            if let Some(notes) = notes {
                out.push('\n');
                out.push_str(&notes);
            }
            out
        }
        (None, Some(notes)) => format!("nothing to confirm: {notes}"),
        (None, None) => format!(
            "nothing to confirm: {version} in {doc} has no stale segment{} (up to date with {})",
            under_phrase(&c.under),
            c.source
        ),
    }
}

/// ` under genesis/1, exodus/2`: the sections a listing was narrowed to; nothing for the
/// whole document.
pub fn under_phrase(under: &Sections) -> String {
    if under.is_whole() {
        String::new()
    } else {
        format!(" under {}", visible(&under.keys().join(", ")))
    }
}

/// The first six of `keys`, then `…` if there are more.
fn some_keys<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> String {
    let more = if keys.len() > 6 { ", …" } else { "" };
    let shown: Vec<&str> = keys.take(6).collect();
    format!("{}{more}", visible(&shown.join(", ")))
}

/// The width of the language column: five, or the longest tag (`zh-Hant`, `sr-Latn-RS`).
fn language_width<'a>(versions: impl Iterator<Item = &'a VersionMeta>) -> usize {
    versions
        .map(|v| visible(&v.language).chars().count())
        .max()
        .unwrap_or(0)
        .max(5)
}

/// `status`: the document, then one line per version: its last change, its approval, its
/// open proposals and its stale segments.
pub fn write_status(
    w: &mut dyn Write,
    painter: &Painter,
    doc: &str,
    list: &[VersionStatus],
    under: &Sections,
) -> io::Result<()> {
    writeln!(w, "{}", painter.paint(Role::Header, doc))?;
    let there = under_phrase(under);
    let width = list.iter().map(|v| v.meta.id.len()).max().unwrap_or(0);
    let lang_width = language_width(list.iter().map(|v| &v.meta));
    for v in list {
        let mut parts = Vec::new();
        if let Some(c) = &v.last_change {
            parts.push(format!(
                "last {} {} {}",
                c.short_id,
                c.time.short(),
                visible(&c.author.name)
            ));
        }
        parts.push(approval_part(v));
        if !v.proposals.is_empty() {
            parts.push(format!("proposals: {}", v.proposals.join(", ")));
        }
        if !v.untranslated.is_empty() {
            let keys = v.untranslated.iter().map(String::as_str);
            parts.push(format!(
                "{} untranslated{there} ({})",
                v.untranslated.len(),
                some_keys(keys)
            ));
        }
        if v.meta.from.is_some() {
            parts.push(match (v.stale.len(), v.untranslated.is_empty()) {
                (0, true) => format!("up to date with its source{there}"),
                (0, false) => format!("the rest up to date with its source{there}"),
                (n, _) => {
                    let keys = v.stale.iter().map(|s| s.key.as_str());
                    format!("{n} stale{there} ({})", some_keys(keys))
                }
            });
        }
        let from = v
            .meta
            .from
            .as_deref()
            .map(|f| format!(" from {}", visible(f)))
            .unwrap_or_default();
        writeln!(
            w,
            "  {:width$}  {:lang_width$} {}{}  {}",
            painter.paint(Role::Key, &v.meta.id),
            visible(&v.meta.language),
            v.meta.role.name(),
            from,
            parts.join(" · ")
        )?;
    }
    Ok(())
}

/// `status --show` and `confirm`'s questions, for one stale segment of `v`: a header saying
/// what changed when, the source's changed rows, and the segment's text in `v` now.
pub fn write_source_changes(
    w: &mut dyn Write,
    painter: &Painter,
    v: &VersionMeta,
    seg: &StaleSegment,
) -> io::Result<()> {
    let s = &seg.stale;
    let from = v.from.as_deref().unwrap_or("");
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        painter.paint(
            Role::Header,
            &format!(
                "@@ {} · stale: {from} {} changed in {} \"{}\" after {} last {} it {} {}",
                visible(&s.key),
                visible(&s.source_keys.join(" + ")),
                s.source_changed_in.short_id,
                visible(&s.source_changed_in.summary),
                v.id,
                if s.confirmed_at.is_some() {
                    "confirmed"
                } else {
                    "changed"
                },
                if s.confirmed_at.is_some() { "at" } else { "in" },
                s.since().short_id
            )
        )
    )?;
    for ops in &seg.changes {
        writeln!(w, "{}", marked_text(painter, ops, false))?;
    }
    writeln!(
        w,
        "{}",
        painter.paint(
            Role::Dim,
            &format!("  {} now: {}", v.id, visible(&seg.text))
        )
    )
}

/// What the review of a proposal has come to, in words.
fn progress(s: &ProposalState) -> String {
    if let Some(e) = &s.error {
        return format!("cannot be reviewed: {}", visible(e));
    }
    if s.closed {
        return "closed: every row decided; its branch is left over".to_string();
    }
    let mut out = format!(
        "{} row{} changed: {} undecided, {} in conflict",
        s.rows,
        plural(s.rows),
        s.undecided,
        s.conflicts
    );
    if s.undecided == 0 && s.conflicts == 0 && s.rows > 0 {
        out.push_str(" · nothing left to decide: a review closes it");
    } else if s.decided > 0 {
        out.push_str(&format!(" · {} decided", s.decided));
    }
    if let Some(last) = s.last_review.as_ref().filter(|_| s.revised) {
        let head = &last.record.head;
        out.push_str(&format!(
            " · revised since the review of {}",
            head.get(..7).unwrap_or(head)
        ));
    }
    out
}

/// Where a proposal's branch is: `in local+origin`, and whether this clone's copy is behind.
fn places(p: &Proposal) -> String {
    let places: Vec<&str> = p.copies.iter().map(|c| c.place()).collect();
    let mut out = format!("in {}", visible(&places.join("+")));
    if p.diverged {
        out.push_str(" (copies diverged; newest shown)");
    } else if p.local_behind() {
        out.push_str(" (local copy behind)");
    }
    out
}

/// `proposals`: one line per proposal, with how far its review has come.
pub fn write_proposals(
    w: &mut dyn Write,
    painter: &Painter,
    list: &[ProposalState],
) -> io::Result<()> {
    for s in list {
        let p = &s.proposal;
        writeln!(
            w,
            "{}  {}/{}  {}  {}  base {}  {}  {}{}",
            painter.paint(Role::Key, &p.name),
            p.doc,
            p.version,
            visible(&p.author.name),
            p.date.short(),
            short_id(p.base),
            places(p),
            progress(s),
            if p.summary.is_empty() {
                String::new()
            } else {
                format!("  \"{}\"", visible(&p.summary))
            }
        )?;
    }
    if list.is_empty() {
        writeln!(w, "no open proposals")?;
    }
    Ok(())
}
