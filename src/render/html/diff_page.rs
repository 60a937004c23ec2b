//! The side-by-side diff of two versions.

use super::{DIFF_CSS, Html, Ids, PARAGRAPH_MARK, dropped_note, head, keys_of, side_name};
use crate::align::Mode;
use crate::diff::{Op, OpKind, RowDiff, Status, side_text};
use std::collections::HashMap;

use crate::render::terminal::{label_or_none, summary_line};
use crate::render::{DiffView, SideLabel};
use crate::text::Document;

/// One side of a comparison, for the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    A,
    B,
}

/// A side-by-side diff of two versions as one self-contained HTML page.
///
/// The header gives the title, both sides and the summary line. Then one
/// table row per comparison row: A's text on the left with deletions in
/// `<del>`, B's on the right with insertions in `<ins>`. Each row carries an
/// `id` equal to its B key (its A key when B is empty; `a-KEY` should that
/// clash with a B key), and its key is a link to it, so `page.html#2¶3`
/// points at a row. Split, merged, moved, added, removed and changed rows are
/// labelled; unchanged rows are shown dimmed and compact; rows of two
/// languages (`aligned`) show both texts without marks. A paragraph break
/// inside a row is shown as ¶. Below 700px the two columns stack.
pub fn diff_page(title: &str, diff: &DiffView<'_>) -> String {
    let DiffView {
        label_a: a,
        label_b: b,
        a: da,
        b: db,
        cmp,
    } = *diff;
    // Every B key is a row's anchor; reserve them first so a row that exists
    // only in A never takes an id that a B key needs.
    let mut ids = Ids::default();
    for row in &cmp.rows {
        for key in keys_of(db, &row.b) {
            ids.reserve(key);
        }
    }

    let view = View {
        la: a,
        lb: b,
        da,
        db,
        cross: cmp.mode == Mode::CrossLanguage,
    };
    // A moved row is shown where it stands in B, and marked where it stood
    // in A: after the row that holds the A segment before it.
    let mut row_of_a = vec![usize::MAX; da.segments.len()];
    for (r, row) in cmp.rows.iter().enumerate() {
        for &i in &row.a {
            row_of_a[i] = r;
        }
    }
    let mut away: Vec<Option<String>> = vec![None; cmp.rows.len()];
    let mut after: HashMap<usize, Vec<usize>> = HashMap::new();
    for (r, row) in cmp.rows.iter().enumerate() {
        if !(row.moved && !row.a.is_empty() && !row.b.is_empty()) {
            continue;
        }
        let ka = keys_of(da, &row.a).join("+");
        away[r] = Some(ids.fresh(&format!("moved-from-{ka}"), "moved"));
        let anchor = row.a[0].checked_sub(1).map_or(usize::MAX, |i| row_of_a[i]);
        after.entry(anchor).or_default().push(r);
    }

    let mut body = Html::default();
    let mut changes = Html::default();
    let mut row_ids: Vec<String> = Vec::with_capacity(cmp.rows.len());
    for row in &cmp.rows {
        row_ids.push(row_id(&mut ids, da, db, row));
    }
    let placeholders = |body: &mut Html, at: usize| {
        for &m in after.get(&at).map_or(&[][..], Vec::as_slice) {
            if let Some(pid) = &away[m] {
                write_moved_away(body, &view, &cmp.rows[m], pid, &row_ids[m]);
            }
        }
    };
    placeholders(&mut body, usize::MAX);
    for (r, row) in cmp.rows.iter().enumerate() {
        let keys = write_row(&mut body, &view, row, &row_ids[r], away[r].as_deref());
        let status = view.status_name(row);
        if row.moved || row.renumbered.is_some() || status != "unchanged" && status != "aligned" {
            // The header lists every change with a link to its row.
            changes
                .raw("<li><a href=\"#")
                .text(&row_ids[r])
                .raw("\"><bdi>")
                .text(&keys)
                .raw("</bdi></a> ");
            if row.moved {
                changes.raw("moved, ");
            }
            if row.renumbered.is_some() {
                changes.raw("renumbered, ");
            }
            changes.raw(status).raw("</li>");
        }
        placeholders(&mut body, r);
    }

    let mut h = Html::default();
    let page_lang = b.language.as_deref().or(a.language.as_deref());
    head(&mut h, page_lang, title, DIFF_CSS);
    h.raw("<body>\n<header>\n<h1>").text(title).raw("</h1>\n");
    h.raw("<p class=\"sides\"><span class=\"side-a\">A</span> ");
    side_name(&mut h, a);
    h.raw(" <span class=\"arrow\">→</span> <span class=\"side-b\">B</span> ");
    side_name(&mut h, b);
    h.raw("</p>\n<p class=\"summary\">")
        .text(&summary_line(&cmp.summary))
        .raw("</p>\n");
    if cmp.mode == Mode::CrossLanguage {
        h.raw("<p class=\"note\">Different languages: rows are aligned by key, order and length, not compared word by word.</p>\n");
    } else {
        h.raw("<p class=\"legend\"><del>deleted</del> <ins>inserted</ins> ")
            .raw(PARAGRAPH_MARK)
            .raw(" paragraph break <del class=\"ws\" title=\"a space\">␣</del> space</p>\n");
    }
    if !changes.out.is_empty() {
        h.raw("<nav class=\"changes\" aria-label=\"changes\"><ul>")
            .raw(&changes.out)
            .raw("</ul></nav>\n");
    }
    let dropped = body.dropped + h.dropped;
    if dropped > 0 {
        h.raw("<p class=\"warning\">")
            .text(&dropped_note(dropped))
            .raw("</p>\n");
    }
    h.raw("</header>\n<main>\n<table class=\"diff\">\n<colgroup><col class=\"c-key\"><col class=\"c-a\"><col class=\"c-b\"></colgroup>\n");
    h.raw("<thead><tr><th scope=\"col\">key</th><th scope=\"col\">A ");
    side_name(&mut h, a);
    h.raw("</th><th scope=\"col\">B ");
    side_name(&mut h, b);
    h.raw("</th></tr></thead>\n<tbody>\n");
    h.raw(&body.out);
    h.raw("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    h.out
}

/// What every row of the page needs: both sides' names and documents.
struct View<'a> {
    la: &'a SideLabel,
    lb: &'a SideLabel,
    da: &'a Document,
    db: &'a Document,
    /// Two languages: rows only one side has are untranslated, not removed or added.
    cross: bool,
}

impl View<'_> {
    /// The status as the page names it: across languages a row of A alone is
    /// `untranslated` and a row of B alone `only in B`.
    fn status_name(&self, row: &RowDiff) -> &'static str {
        match row.status {
            Status::Removed if self.cross => "untranslated",
            Status::Added if self.cross => "only in B",
            s => s.name(),
        }
    }
}

/// The row's id: its first B key, or a fresh id made of its first A key.
fn row_id(ids: &mut Ids, da: &Document, db: &Document, row: &RowDiff) -> String {
    if let Some(&j) = row.b.first() {
        Ids::clean(&db.segments[j].key)
    } else if let Some(&i) = row.a.first() {
        ids.fresh(&da.segments[i].key, "a")
    } else {
        ids.fresh("row", "row")
    }
}

/// Where a moved row stood in A: its key and A's text, and a link to where it went.
fn write_moved_away(h: &mut Html, view: &View, row: &RowDiff, pid: &str, to: &str) {
    let ka = keys_of(view.da, &row.a).join(" + ");
    let kb = keys_of(view.db, &row.b).join(" + ");
    h.raw("<tr class=\"moved-away\" id=\"")
        .text(pid)
        .raw("\"><th scope=\"row\" class=\"key\"><a href=\"#")
        .text(pid)
        .raw("\"><bdi>")
        .text(&ka)
        .raw("</bdi></a><span class=\"tags\"><span class=\"tag tag-moved\">moved away</span></span></th>");
    h.raw("<td class=\"a\"");
    if let Some(lang) = &view.la.language {
        h.raw(" lang=\"").text(lang).raw("\"");
    }
    h.raw("><span class=\"side\" dir=\"ltr\">A ")
        .text(&view.la.label)
        .raw("</span><div class=\"t\" dir=\"auto\">")
        .paragraphs(&side_text(view.da, &row.a))
        .raw("</div></td><td class=\"b\"><div class=\"t\"><a class=\"moved-link\" href=\"#")
        .text(to)
        .raw("\">moved to <bdi>")
        .text(&kb)
        .raw("</bdi></a></div></td></tr>\n");
}

/// Writes one row; returns its keys as shown (`2¶3 + 2¶4`).
fn write_row(
    h: &mut Html,
    view: &View,
    row: &RowDiff,
    id: &str,
    moved_from: Option<&str>,
) -> String {
    let View { la, lb, da, db, .. } = *view;
    let ka = keys_of(da, &row.a);
    let kb = keys_of(db, &row.b);
    let main_keys = if kb.is_empty() { &ka } else { &kb };
    let status = view.status_name(row);

    let mut class = row.status.name().to_string();
    if row.moved {
        class.push_str(" moved");
    }
    if row.renumbered.is_some() {
        class.push_str(" renumbered");
    }
    h.raw("<tr class=\"")
        .raw(&class)
        .raw("\" id=\"")
        .text(id)
        .raw("\">");

    // Key cell: the key as a link to the row, where it was in A, and labels.
    h.raw("<th scope=\"row\" class=\"key\">");
    for extra in kb.iter().skip(1) {
        h.raw("<span class=\"anchor\" id=\"")
            .text(&Ids::clean(extra))
            .raw("\"></span>");
    }
    // Keys may be in a right-to-left script: <bdi> keeps each in its own direction.
    h.raw("<a href=\"#").text(id).raw("\"><bdi>");
    h.text(&main_keys.join(" + "));
    h.raw("</bdi></a>");
    if !ka.is_empty() && !kb.is_empty() && ka != kb {
        h.raw("<span class=\"was\">was <bdi>")
            .text(&ka.join(" + "))
            .raw("</bdi></span>");
    }
    let labelled = !matches!(row.status, Status::Unchanged | Status::Aligned);
    if labelled || row.moved || row.renumbered.is_some() {
        h.raw("<span class=\"tags\">");
        if row.moved {
            h.raw("<span class=\"tag tag-moved\">moved</span>");
        }
        if let Some(r) = &row.renumbered {
            h.raw("<span class=\"tag tag-renumbered\" title=\"the point's label changed\">renumbered <bdi>")
                .text(label_or_none(&r.a))
                .raw("</bdi> → <bdi>")
                .text(label_or_none(&r.b))
                .raw("</bdi></span>");
        }
        if labelled {
            h.raw("<span class=\"tag tag-")
                .raw(row.status.name())
                .raw("\">")
                .raw(status)
                .raw("</span>");
        }
        if let Some(s) = row.similarity
            && row.status != Status::Unchanged
        {
            let pct = crate::render::percent(s, false);
            h.raw("<span class=\"sim\" title=\"share of unchanged letters and digits\">")
                .text(&format!("{pct}%"))
                .raw("</span>");
        }
        h.raw("</span>");
    }
    if let Some(pid) = moved_from {
        h.raw("<a class=\"moved-link\" href=\"#")
            .text(pid)
            .raw("\">moved from <bdi>")
            .text(&ka.join(" + "))
            .raw("</bdi></a>");
    }
    if row.timed_out {
        h.raw("<span class=\"timeout\">word diff took too long: whole paragraphs replaced</span>");
    }
    h.raw("</th>");

    for (side, label, doc, indices) in [(Side::A, la, da, &row.a), (Side::B, lb, db, &row.b)] {
        h.raw("<td class=\"")
            .raw(if side == Side::A { "a" } else { "b" })
            .raw("\"");
        if let Some(lang) = &label.language {
            h.raw(" lang=\"").text(lang).raw("\"");
        }
        h.raw(">");
        // The side's name, shown only where the columns stack (phones). It has
        // its own direction so that the text's `dir="auto"` looks at the text only.
        h.raw("<span class=\"side\" dir=\"ltr\">");
        if row.status == Status::Unchanged && side == Side::B {
            h.raw("A = B");
        } else {
            h.raw(if side == Side::A { "A " } else { "B " })
                .text(&label.label);
        }
        h.raw("</span><div class=\"t\" dir=\"auto\">");
        if indices.is_empty() {
            h.raw("<span class=\"none\" title=\"nothing on this side\">—</span>");
        } else if let Some(ops) = &row.ops {
            side_ops(h, ops, side, id);
        } else {
            h.paragraphs(&side_text(doc, indices));
        }
        h.raw("</div></td>");
    }
    h.raw("</tr>\n");
    main_keys.join(" + ")
}

/// One side of a row's word ops: A shows equal and deleted text, B equal and
/// inserted. A sentence moved within the row is marked on both sides, each
/// mark a link to the other (`ROWID-mvN-a`, `ROWID-mvN-b`).
fn side_ops(h: &mut Html, ops: &[Op], side: Side, id: &str) {
    // The moved sentences in order of their deletion; an insertion finds its number by text.
    let moved: Vec<&str> = ops
        .iter()
        .filter(|o| o.moved && o.op == OpKind::Delete)
        .map(|o| o.text.trim())
        .collect();
    let number = |o: &Op| moved.iter().position(|t| *t == o.text.trim()).unwrap_or(0) + 1;
    for op in ops {
        match (op.op, side) {
            (OpKind::Equal, _) => {
                h.paragraphs(&op.text);
            }
            (OpKind::Delete, Side::A) if op.moved => {
                let n = number(op);
                h.raw("<del class=\"moved\" id=\"")
                    .text(&format!("{id}-mv{n}-a"))
                    .raw("\">")
                    .paragraphs(&op.text)
                    .raw("</del><a class=\"mv\" href=\"#")
                    .text(&format!("{id}-mv{n}-b"))
                    .raw("\" title=\"this sentence moved within the paragraph\">moved ›</a>");
            }
            (OpKind::Insert, Side::B) if op.moved => {
                let n = number(op);
                h.raw("<ins class=\"moved\" id=\"")
                    .text(&format!("{id}-mv{n}-b"))
                    .raw("\">")
                    .paragraphs(&op.text)
                    .raw("</ins><a class=\"mv\" href=\"#")
                    .text(&format!("{id}-mv{n}-a"))
                    .raw("\" title=\"where this sentence stood\">‹ moved here</a>");
            }
            (OpKind::Delete, Side::A) => {
                h.marked("del", &op.text);
            }
            (OpKind::Insert, Side::B) => {
                h.marked("ins", &op.text);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::super::{escape_html, text_page};
    use super::*;
    use crate::diff::{CompareOptions, compare};
    use crate::text::segment;
    use std::collections::HashSet;

    #[test]
    fn document_text_is_shown_not_run() {
        let a = "1. Hello <script>alert(1)</script> &amp; \"q\" 'a'\n";
        let b = "1. Hello <script>alert(2)</script> &amp; \"q\" 'a'\n";
        let html = page(a, b);
        assert_self_contained(&html);
        assert!(html.contains("&lt;script&gt;alert("));
        assert!(html.contains("&amp;amp;"));
        assert!(html.contains("&quot;q&quot; &#39;a&#39;"));
        assert!(!html.contains("<script"));
        let text = text_page("<script>x</script>", "en\"", &segment(a));
        assert_self_contained(&text);
        assert!(text.contains("<title>&lt;script&gt;x&lt;/script&gt;</title>"));
        assert!(text.contains("lang=\"en&quot;\""));
        assert!(text.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;"));
    }

    #[test]
    fn quotes_in_keys_and_labels_are_escaped() {
        let a = "# Say \"hi\" & <go>\n\n1. one\n";
        let da = segment(a);
        let key = &da.segments[0].key;
        let cmp = compare(&da, &da, &CompareOptions::default());
        let weird = SideLabel {
            label: "v\"1'<b>".to_string(),
            language: Some("en\"><x".to_string()),
        };
        let html = diff_page(
            "a \"title\"",
            &DiffView::new(&weird, &weird, &da, &da, &cmp),
        );
        assert_self_contained(&html);
        assert!(html.contains("v&quot;1&#39;&lt;b&gt;"));
        assert!(html.contains("lang=\"en&quot;&gt;&lt;x\""));
        assert!(html.contains("<h1>a &quot;title&quot;</h1>"));
        assert!(!html.contains("<b>") && !html.contains("<x"));
        assert!(html.contains(&format!("id=\"{}\"", escape_html(key).0)));
        // A key that needs escaping (made up: real keys are slugs) stays escaped in ids and links.
        let mut doc = da.clone();
        doc.segments[1].key = "a\"b<c>&'d".into();
        let cmp = compare(&doc, &doc, &CompareOptions::default());
        let html = diff_page(
            "t",
            &DiffView::new(&label("x"), &label("y"), &doc, &doc, &cmp),
        );
        assert!(html.contains("id=\"a&quot;b&lt;c&gt;&amp;&#39;d\""));
        assert!(html.contains("href=\"#a&quot;b&lt;c&gt;&amp;&#39;d\""));
        let text = text_page("t", "en", &doc);
        assert!(text.contains("id=\"a&quot;b&lt;c&gt;&amp;&#39;d\""));
    }

    #[test]
    fn every_row_has_an_anchor_and_a_link_to_it() {
        let (da, db, cmp, html) = telegram_page();
        // The telegram cites a web address as text; the page must not turn it into a link.
        assert_loads_nothing(&html);
        assert_eq!(html.matches("<tr class=").count(), cmp.rows.len());
        for row in &cmp.rows {
            let key = match row.b.first() {
                Some(&j) => &db.segments[j].key,
                None => &da.segments[row.a[0]].key,
            };
            let id = escape_html(key).0;
            assert!(
                html.contains(&format!("id=\"{id}\"")),
                "no anchor for {key}"
            );
            assert!(
                html.contains(&format!("<a href=\"#{id}\"><bdi>")),
                "no link to {key}"
            );
        }
        // Ids are unique.
        let ids: Vec<&str> = html
            .match_indices(" id=\"")
            .map(|(n, _)| html[n + 5..].split('"').next().unwrap())
            .collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len());
        let text = text_page("Telegram", "en", &db);
        for s in &db.segments {
            assert!(
                text.contains(&format!(" id=\"{}\"", escape_html(&s.key).0)),
                "no id for {}",
                s.key
            );
        }
    }

    #[test]
    fn a_real_change_is_marked_on_both_sides() {
        let (_, _, _, html) = telegram_page();
        assert!(html.contains("<del>lapan</del>"));
        assert!(html.contains("<ins>Japan</ins>"));
        assert!(html.contains("<del>VcH</del>") && html.contains("<ins>VCh</ins>"));
        // The row of the change is anchored at its B key and says where it was in A.
        let row = html
            .lines()
            .find(|l| l.contains("<del>lapan</del>"))
            .expect("the lapan row");
        assert!(row.contains("id=\"2¶5\"") && row.contains("was <bdi>2¶6</bdi>"));
        assert!(row.contains("<ins>Japan</ins>"));
        assert!(html.contains("4 changed, 1 merged, 25 unchanged"));
    }

    #[test]
    fn a_merged_row_is_labelled_and_shows_the_paragraph_break() {
        let (_, _, _, html) = telegram_page();
        let row = html
            .lines()
            .find(|l| l.starts_with("<tr class=\"merged\""))
            .expect("a merged row");
        assert!(row.contains("id=\"2¶3\""));
        assert!(row.contains("<span class=\"tag tag-merged\">merged</span>"));
        assert!(row.contains("was <bdi>2¶3 + 2¶4</bdi>"));
        assert!(row.contains(&format!("<del>{PARAGRAPH_MARK}<br></del>")));
        assert!(row.contains("<ins class=\"ws\" title=\"a space\">␣</ins>"));
    }

    #[test]
    fn added_removed_split_and_moved_rows_are_labelled() {
        let html = page(
            "1. One two three four five six.\n",
            "1. One two three four five six.\n\n2. Seven eight nine ten eleven.\n",
        );
        assert!(html.contains("<span class=\"tag tag-added\">added</span>"));
        assert!(html.contains("<ins>Seven eight nine ten eleven.</ins>"));
        let html = page(
            "1. One two three four five six.\n\n2. Seven eight nine ten eleven.\n",
            "1. One two three four five six.\n",
        );
        assert!(html.contains("<span class=\"tag tag-removed\">removed</span>"));
        assert!(html.contains("<del>Seven eight nine ten eleven.</del>"));
        let html = page(
            "Alpha beta gamma delta. Epsilon zeta eta theta.\n",
            "Alpha beta gamma delta.\n\nEpsilon zeta eta theta.\n",
        );
        assert!(html.contains("<span class=\"tag tag-split\">split</span>"));
        // Both B keys of the split row can be linked to.
        assert!(html.contains("<span class=\"anchor\" id=\""));
        let html = page(
            "Alpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.\n\nLambda mu nu xi omicron.\n",
            "Lambda mu nu xi omicron.\n\nAlpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.\n",
        );
        assert!(html.contains("<span class=\"tag tag-moved\">moved</span>"));
        assert!(html.contains("<tr class=\"unchanged moved\""));
    }

    #[test]
    fn cross_language_rows_show_both_texts_without_marks() {
        let root = env!("CARGO_MANIFEST_DIR");
        let en =
            segment(&std::fs::read_to_string(format!("{root}/translations/udhr/en.md")).unwrap());
        let zh =
            segment(&std::fs::read_to_string(format!("{root}/translations/udhr/zh.md")).unwrap());
        let cmp = compare(
            &en,
            &zh,
            &CompareOptions {
                mode: Some(Mode::CrossLanguage),
                ..Default::default()
            },
        );
        let a = SideLabel {
            label: "en".into(),
            language: Some("en".into()),
        };
        let b = SideLabel {
            label: "zh".into(),
            language: Some("zh".into()),
        };
        let html = diff_page("UDHR", &DiffView::new(&a, &b, &en, &zh, &cmp));
        assert_self_contained(&html);
        assert!(!html.contains("<del>") && !html.contains("<ins>"));
        assert!(html.contains("人人生而自由"));
        assert!(html.contains("<td class=\"b\" lang=\"zh\"><span class=\"side\" dir=\"ltr\">B zh</span><div class=\"t\" dir=\"auto\">"));
        assert!(html.contains("Different languages"));
    }

    #[test]
    fn dropped_characters_are_counted_on_the_page() {
        let html = page("1. a\u{7}b\n", "1. a\u{7}c\n");
        assert!(!html.contains('\u{7}'));
        assert!(html.contains("2 control characters not allowed in HTML were left out."));
        let text = text_page("t\u{1}", "en", &segment("x\u{2}y\n"));
        assert!(!text.contains('\u{1}') && !text.contains('\u{2}'));
        assert!(text.contains("3 control characters"));
    }

    #[test]
    fn a_moved_row_shows_where_it_went_and_where_it_came_from() {
        let a = "1. Alpha beta gamma delta epsilon.\n\n2. Zeta eta theta iota kappa.\n\n3. Lambda mu nu xi omicron.\n";
        let b = "1. Lambda mu nu xi omicron.\n\n2. Alpha beta gamma delta epsilon.\n\n3. Zeta eta theta iota kappa.\n";
        let html = page(a, b);
        assert_self_contained(&html);
        // Where it stands in B: a link back to where it stood.
        let row = html
            .lines()
            .find(|l| l.contains("class=\"unchanged moved renumbered\""))
            .expect("the moved row");
        assert!(
            row.contains(
                "<a class=\"moved-link\" href=\"#moved-from-3\">moved from <bdi>3</bdi></a>"
            ),
            "{row}"
        );
        // Where it stood in A: after the last row, a row that says where it went.
        let away = html
            .lines()
            .find(|l| l.starts_with("<tr class=\"moved-away\""))
            .expect("a row where it was");
        assert!(away.contains("id=\"moved-from-3\""));
        assert!(
            away.contains("<a class=\"moved-link\" href=\"#1\">moved to <bdi>1</bdi></a>"),
            "{away}"
        );
        assert!(away.contains("Lambda mu nu xi omicron."));
        let rows: Vec<&str> = html
            .lines()
            .filter(|l| l.starts_with("<tr class="))
            .collect();
        assert!(
            rows.last().unwrap().contains("moved-away"),
            "it stood last in A"
        );
    }

    #[test]
    fn across_languages_a_lone_row_is_untranslated_or_only_in_b() {
        let en = segment(
            "## Article 1\n\nEveryone has the right to life.\n\n## Article 2\n\nNo one shall be held in slavery or servitude; slavery and the slave trade shall be prohibited in all their forms.\n",
        );
        let fr = segment("## Article 1\n\nTout individu a droit à la vie.\n");
        let cross = CompareOptions {
            mode: Some(Mode::CrossLanguage),
            ..Default::default()
        };
        let html = diff_page(
            "t",
            &DiffView::new(
                &label("en"),
                &label("fr"),
                &en,
                &fr,
                &compare(&en, &fr, &cross),
            ),
        );
        assert!(
            html.contains("<span class=\"tag tag-removed\">untranslated</span>"),
            "{html}"
        );
        assert!(!html.contains(">removed<"));
        let html = diff_page(
            "t",
            &DiffView::new(
                &label("fr"),
                &label("en"),
                &fr,
                &en,
                &compare(&fr, &en, &cross),
            ),
        );
        assert!(html.contains("<span class=\"tag tag-added\">only in B</span>"));
        assert!(!html.contains(">added<"));
    }

    #[test]
    fn a_moved_sentence_is_marked_on_both_sides_with_links() {
        let html = page(
            "The chairman opened the meeting and noted the attendance. The treasurer presented the accounts for March.\n",
            "The treasurer presented the accounts for March. The chairman opened the meeting and noted the attendance.\n",
        );
        assert!(
            html.contains("<del class=\"moved\" id=\"¶1-mv1-a\">"),
            "{html}"
        );
        assert!(html.contains("<ins class=\"moved\" id=\"¶1-mv1-b\">"));
        assert!(html.contains("<a class=\"mv\" href=\"#¶1-mv1-b\""));
        assert!(html.contains("<a class=\"mv\" href=\"#¶1-mv1-a\""));
    }
}
