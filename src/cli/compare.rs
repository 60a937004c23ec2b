//! `emend compare`: many versions side by side, aligned.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use emend::diff::{Column, CompareOptions, compare_many_against};
use emend::render::SideLabel;
use emend::render::json::table_json;
use emend::render::table::{table_markdown, write_table_text};
use emend::store::{DocId, VersionRef};
use emend::text::{Document, segment_string_with};
use emend::workflow::Sections;
use rayon::prelude::*;

use super::diff::{file_label, labelled};
use super::{
    CommandError, GlobalArgs, IgnoreArgs, Outcome, Ui, open_workspace, read_document_file,
};

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Columns that fit the terminal
    Text,
    /// The table as JSON
    Json,
    /// A Markdown table
    Md,
    /// A self-contained HTML page
    Html,
}

const EXAMPLES: &str = "\
Examples:
  emend compare ruth                       all four English revisions of Ruth, side by side
  emend compare udhr en fr ru zh ar        the Declaration in five languages, article by article
  emend compare telegram-1945-11-11 en-wilson@HEAD~1 en-wilson en-corrected --format html > t.html
  emend compare --files a.md b.md c.md --format md
  emend compare ruth kjv webster web --against web     what each revision changed against the WEB";

/// Compare many versions at once: an aligned table, one row per segment, one column per version.
///
/// The first version (or the one --against names) is the reference: every
/// other one is aligned with it (by key, and by content where the language is
/// the same), and in versions of the same language the words each one
/// inserted into the reference's text and deleted from it are marked.
/// Versions in other languages are aligned only. Without VERSIONs, all
/// versions of DOC are compared, in the order of document.json.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CompareArgs {
    /// Compare files given by path
    #[arg(long)]
    pub files: bool,
    /// DOC [VERSION[@REV]...], or with --files: FILE... (one may be -, standard input)
    #[arg(value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// Compare every version with this one (a VERSION as given, or with --files a
    /// file's name without extension) instead of the first
    #[arg(long, value_name = "VERSION")]
    pub against: Option<String>,
    #[command(flatten)]
    pub ignore: IgnoreArgs,
    /// Only the rows with a segment at or under this key in any version (a chapter, an
    /// article): `genesis/1` holds `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY")]
    pub under: Vec<String>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &CompareArgs) -> Result<Outcome, CommandError> {
    let (labels, texts): (Vec<SideLabel>, Vec<String>) = if args.files {
        if args.targets.len() < 2 {
            return Err(CommandError::new(
                "compare --files needs at least two files",
            ));
        }
        super::stdin_once(
            "compare --files",
            &args.targets,
            "emend compare --files en.md fr.md - < de.md",
        )?;
        let mut sides = Vec::new();
        for t in &args.targets {
            let path = PathBuf::from(t);
            let text = read_document_file(&path)?;
            let label = SideLabel {
                label: file_label(&path),
                language: None,
            };
            sides.push((label, text));
        }
        sides.into_iter().unzip()
    } else {
        let doc: DocId = args.targets[0].parse()?;
        let ws = open_workspace(global)?;
        let refs = match &args.targets[1..] {
            [] => ws.version_refs(&doc)?,
            given => given
                .iter()
                .map(|v| VersionRef::parse(v))
                .collect::<Result<_, _>>()?,
        };
        if refs.len() < 2 {
            return Err(CommandError::new(format!(
                "{doc} has fewer than two versions to compare"
            )));
        }
        let mut sides = Vec::new();
        for r in &refs {
            let loaded = ws.load(&doc, r)?;
            sides.push((labelled(&loaded, &None), loaded.text));
        }
        sides.into_iter().unzip()
    };
    // Segmented on all cores; each document keeps its text, without a copy.
    let reading = args.ignore.pages.reading();
    let docs: Vec<Document> = texts
        .into_par_iter()
        .map(|t| segment_string_with(t, reading))
        .collect();
    let columns: Vec<Column<'_>> = docs
        .iter()
        .zip(&labels)
        .map(|(d, l)| Column {
            doc: d,
            language: l.language.clone(),
        })
        .collect();
    let options = CompareOptions {
        ignore: args.ignore.options(),
        ..CompareOptions::default()
    };
    let reference = match &args.against {
        None => 0,
        Some(name) => labels
            .iter()
            .position(|l| &l.label == name)
            .ok_or_else(|| {
                let names: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
                CommandError::new(format!(
                    "compare --against {name}: no such version among the columns ({})",
                    names.join(", ")
                ))
            })?,
    };
    let mut table = compare_many_against(&columns, reference, &options);
    let refs: Vec<&Document> = docs.iter().collect();
    let under = Sections::new(args.under.clone());
    if !under.is_whole() {
        let names: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
        under.require_in(None, &names, &refs)?;
        table.rows.retain(|row| {
            row.cells
                .iter()
                .zip(&refs)
                .any(|(c, d)| c.segments.iter().any(|&i| under.holds(&d.segments[i].key)))
        });
    }
    match args.format {
        CompareFormat::Text => {
            let painter = ui.painter;
            let width = ui.width();
            write_table_text(ui.out(), &painter, &labels, &refs, &table, width)?;
        }
        CompareFormat::Json => ui.write_json(&table_json(&labels, &refs, &table))?,
        CompareFormat::Md => ui.write_document(&table_markdown(&labels, &refs, &table))?,
        CompareFormat::Html => {
            let names: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
            let title = names.join(" · ");
            emend::render::html::write_compare_page(ui.out(), &title, &labels, &refs, &table)?;
        }
    }
    // The process ends right after this: the system takes the memory back at
    // once, faster than freeing every cell and segment (see `diff`).
    std::mem::forget(table);
    std::mem::forget(docs);
    Ok(Outcome::Success)
}
