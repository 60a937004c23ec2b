//! Columns line up in every script: keys and names are padded by the
//! columns they take on a terminal (two for a Chinese character), not by
//! their characters, and wrapped or cut text fits its column.

mod common;

use common::{emend, project, stdout_of};
use unicode_width::UnicodeWidthStr;

/// The terminal column where the text after the `n`th run of two or more
/// spaces starts, on each line.
fn text_columns(out: &str, n: usize) -> Vec<usize> {
    out.lines()
        .map(|line| {
            let mut at = 0;
            for _ in 0..n {
                let gap = line[at..].find("  ").expect("a gap") + at;
                at = gap + line[gap..].len() - line[gap..].trim_start().len();
            }
            line[..at].width()
        })
        .collect()
}

#[test]
fn show_lines_up_chinese_keys() {
    let out = stdout_of(emend(&project()).args(["show", "udhr", "zh"]));
    // Keys such as 序言¶1 and 世界人权宣言 are Chinese: the text starts in one column.
    assert!(out.contains("序言¶1"), "{out}");
    let cols = text_columns(&out, 1);
    assert!(cols.iter().all(|c| *c == cols[0]), "{cols:?}\n{out}");
}

#[test]
fn blame_lines_up_chinese_keys_and_cuts_text_at_sixty_columns() {
    let out = stdout_of(emend(&project()).args(["blame", "udhr", "zh"]));
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows.len() > 80, "{out}");
    // The commit, date and author; then the key; then the start of the text.
    let cols = text_columns(&out, 2);
    assert!(cols.iter().all(|c| *c == cols[0]), "{cols:?}\n{out}");
    let mut cut = 0;
    for row in &rows {
        let start = row
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| row[..i].width() == cols[0])
            .expect("the text column");
        let shown = &row[start..];
        assert!(shown.width() <= 61, "{row}");
        if shown.ends_with('…') {
            cut += 1;
            // Cut where it would pass 60 columns: a Chinese character more would not fit.
            assert!(shown.width() >= 60, "{row}");
        }
    }
    assert!(cut > 10, "{out}");
}

#[test]
fn compare_in_four_scripts_fits_the_terminal() {
    let out = stdout_of(emend(&project()).args(["compare", "udhr", "en", "zh", "ar", "ru"]));
    assert!(out.contains("序言") && out.contains("الديباجة"), "{out}");
    for line in out.lines() {
        assert!(line.width() <= 100, "{} columns: {line}", line.width());
    }
}
