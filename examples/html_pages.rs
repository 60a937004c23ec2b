//! Writes sample HTML pages to look at in a browser:
//! `cargo run --example html_pages -- OUT_DIR`.
//!
//! - `telegram-diff.html`: the telegram as published against the corrected draft;
//! - `script-diff.html`: a text holding `<script>alert(1)</script>`, which must show as text;
//! - `udhr-en-zh.html`, `udhr-en-ar.html`: English against Chinese and Arabic, aligned rows without marks;
//! - `telegram-text.html`: the corrected telegram as a reading page.

use std::path::{Path, PathBuf};

use emend::align::Mode;
use emend::diff::{CompareOptions, compare};
use emend::render::SideLabel;
use emend::render::html::{diff_page, text_page};
use emend::text::{Document, read_file, segment};

fn doc(path: &Path) -> Document {
    segment(&read_file(path).unwrap_or_else(|e| panic!("{e}")))
}

fn side(label: &str, language: Option<&str>) -> SideLabel {
    SideLabel {
        label: label.to_string(),
        language: language.map(str::to_string),
    }
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_string()));
    std::fs::create_dir_all(&out).expect("output folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("translations");
    let write = |name: &str, html: String| {
        let path = out.join(name);
        std::fs::write(&path, html).expect("write page");
        println!("{}", path.display());
    };

    let a = doc(&root.join("telegram-1945-11-11/en-wilson.md"));
    let b = doc(&root.join("telegram-1945-11-11/en-corrected.md"));
    let cmp = compare(&a, &b, &CompareOptions::default());
    write(
        "telegram-diff.html",
        diff_page(
            "Telegram of 11 November 1945: published translation and corrected draft",
            &side("en-wilson", Some("en")),
            &side("en-corrected", Some("en")),
            &a,
            &b,
            &cmp,
        ),
    );
    write(
        "telegram-text.html",
        text_page("Telegram of 11 November 1945 (corrected draft)", "en", &b),
    );

    let a = segment(
        "# Notes <b>bold?</b>\n\n1. Say <script>alert(1)</script> & stop.\n\n2. Keep &amp; as written.\n",
    );
    let b = segment(
        "# Notes <b>bold?</b>\n\n1. Say <script>alert(2)</script> & go.\n\n2. Keep &amp; as written.\n",
    );
    let cmp = compare(&a, &b, &CompareOptions::default());
    write(
        "script-diff.html",
        diff_page(
            "<script>alert(1)</script> & \"quotes\"",
            &side("draft<1>", None),
            &side("draft'2'", None),
            &a,
            &b,
            &cmp,
        ),
    );

    let a = doc(&root.join("udhr/en.md"));
    for lang in ["zh", "ar"] {
        let b = doc(&root.join(format!("udhr/{lang}.md")));
        let cmp = compare(
            &a,
            &b,
            &CompareOptions {
                mode: Some(Mode::CrossLanguage),
                ..Default::default()
            },
        );
        write(
            &format!("udhr-en-{lang}.html"),
            diff_page(
                "Universal Declaration of Human Rights",
                &side("en", Some("en")),
                &side(lang, Some(lang)),
                &a,
                &b,
                &cmp,
            ),
        );
    }
}
