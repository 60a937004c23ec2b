//! Alignment behaviours on small realistic texts.

use super::*;
use crate::text::segment;

fn same(a: &str, b: &str) -> (Document, Document, Vec<Row>) {
    let (da, db) = (segment(a), segment(b));
    let rows = align(
        &da,
        &db,
        &AlignOptions {
            mode: Mode::SameLanguage,
            ignore: IgnoreOptions::default(),
        },
    );
    (da, db, rows)
}

/// Rows as (A keys, B keys, moved), for readable assertions.
fn keyed(da: &Document, db: &Document, rows: &[Row]) -> Vec<(Vec<String>, Vec<String>, bool)> {
    rows.iter()
        .map(|r| {
            (
                r.a.iter()
                    .map(|&i| da.segments[i].key.to_string())
                    .collect(),
                r.b.iter()
                    .map(|&j| db.segments[j].key.to_string())
                    .collect(),
                r.moved,
            )
        })
        .collect()
}

fn k(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|s| s.to_string()).collect()
}

/// Every segment of both sides appears in exactly one row.
fn assert_partition(da: &Document, db: &Document, rows: &[Row]) {
    let mut seen_a = vec![0; da.segments.len()];
    let mut seen_b = vec![0; db.segments.len()];
    for r in rows {
        for &i in &r.a {
            seen_a[i] += 1;
        }
        for &j in &r.b {
            seen_b[j] += 1;
        }
    }
    assert!(seen_a.iter().all(|&c| c == 1), "A: {seen_a:?}");
    assert!(seen_b.iter().all(|&c| c == 1), "B: {seen_b:?}");
}

const POINTS: &str = "\
- 1. As is evident from the reply of the US Government the latter does not want to see the difference.
- 2. The information of the US Government about the position of the Soviet Government contains inaccurate elements.
- 3. The Soviet Government considers it advisable that the control body be named a Control Commission.
- 4. The Soviet Government also considers it advisable that the principle of unanimity be preserved.
- 5. It is evident from the above that the US Government has no grounds to fear.
";

#[test]
fn deleted_point_pairs_renumbered_twins() {
    // Point 2 is deleted; 3, 4, 5 become 2, 3, 4, and the new 3 is also edited.
    let b = "\
- 1. As is evident from the reply of the US Government the latter does not want to see the difference.
- 2. The Soviet Government considers it advisable that the control body be named a Control Commission.
- 3. The Soviet Government also considers it advisable that the principle of the unanimity of the main powers be preserved.
- 4. It is evident from the above that the US Government has no grounds to fear.
";
    let (da, db, rows) = same(POINTS, b);
    assert_partition(&da, &db, &rows);
    assert_eq!(
        keyed(&da, &db, &rows),
        [
            (k(&["1"]), k(&["1"]), false),
            (k(&["2"]), k(&[]), false),
            (k(&["3"]), k(&["2"]), false),
            (k(&["4"]), k(&["3"]), false),
            (k(&["5"]), k(&["4"]), false),
        ]
    );
}

#[test]
fn page_break_split_is_one_merged_row() {
    let a = "\
Stalin recognized and continues to recognize that the Supreme Commander is left the last word.

That is why he recommended the example of the Control Commissions in these countries established after

the surrender and disarmament of Germany.

The Soviet Government is solidly with Stalin in all this.
";
    let b = "\
Stalin recognized and continues to recognize that the Supreme Commander is left the last word.

That is why he recommended the example of the Control Commissions in these countries established after the surrender and disarmament of Germany.

The Soviet Government is solidly with Stalin in all this.
";
    let (da, db, rows) = same(a, b);
    assert_partition(&da, &db, &rows);
    assert_eq!(
        keyed(&da, &db, &rows),
        [
            (k(&["¶1"]), k(&["¶1"]), false),
            (k(&["¶2", "¶3"]), k(&["¶2"]), false),
            (k(&["¶4"]), k(&["¶3"]), false),
        ]
    );
    // And the other way round it is a split.
    let (da, db, rows) = same(b, a);
    assert_partition(&da, &db, &rows);
    assert_eq!(rows[1].a.len(), 1);
    assert_eq!(rows[1].b.len(), 2);
}

#[test]
fn three_paragraphs_merged_into_one() {
    let a = "Intro stays.\n\nFirst part of the text.\n\nSecond part follows here.\n\nThird part ends it.\n\nOutro stays.\n";
    let b = "Intro stays.\n\nFirst part of the text. Second part follows here. Third part ends it.\n\nOutro stays.\n";
    let (da, db, rows) = same(a, b);
    assert_partition(&da, &db, &rows);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].a[..], [1, 2, 3]);
    assert_eq!(rows[1].b[..], [1]);
}

#[test]
fn an_unrelated_new_paragraph_is_not_swallowed_by_a_split() {
    let a = "Alpha beta gamma delta epsilon.\n\nOmega stays.\n";
    let b = "Alpha beta gamma delta epsilon.\n\nCompletely unrelated words appear here now.\n\nOmega stays.\n";
    let (da, db, rows) = same(a, b);
    assert_eq!(
        keyed(&da, &db, &rows),
        [
            (k(&["¶1"]), k(&["¶1"]), false),
            (k(&[]), k(&["¶2"]), false),
            (k(&["¶2"]), k(&["¶3"]), false),
        ]
    );
}

#[test]
fn moved_point_is_flagged_not_removed_and_added() {
    // Point 2 moves to the end (and the others are renumbered).
    let b = "\
- 1. As is evident from the reply of the US Government the latter does not want to see the difference.
- 2. The Soviet Government considers it advisable that the control body be named a Control Commission.
- 3. The Soviet Government also considers it advisable that the principle of unanimity be preserved.
- 4. It is evident from the above that the US Government has no grounds to fear.
- 5. The information of the US Government about the position of the Soviet Government contains inaccurate elements.
";
    let (da, db, rows) = same(POINTS, b);
    assert_partition(&da, &db, &rows);
    let moved: Vec<_> = keyed(&da, &db, &rows).into_iter().filter(|r| r.2).collect();
    assert_eq!(moved, [(k(&["2"]), k(&["5"]), true)]);
    assert!(rows.iter().all(|r| !r.a.is_empty() && !r.b.is_empty()));
    // The moved row stands where its text now is: last.
    assert!(rows.last().is_some_and(|r| r.moved));
}

#[test]
fn moved_and_edited_paragraph_is_still_moved() {
    let a = "Para one is about the control body for Japan.\n\nPara two speaks of the Far East Commission and its voting.\n\nPara three closes the reply politely.\n";
    let b = "Para two speaks of the Far East Commission and its voting procedure.\n\nPara one is about the control body for Japan.\n\nPara three closes the reply politely.\n";
    let (da, db, rows) = same(a, b);
    assert_partition(&da, &db, &rows);
    assert_eq!(rows.iter().filter(|r| r.moved).count(), 1);
    assert!(rows.iter().all(|r| !r.a.is_empty() && !r.b.is_empty()));
}

#[test]
fn identical_texts_pair_one_to_one_in_order() {
    let (da, db, rows) = same(POINTS, POINTS);
    assert_eq!(rows.len(), da.segments.len());
    for (n, r) in rows.iter().enumerate() {
        assert_eq!(
            (r.a.as_slice(), r.b.as_slice(), r.moved),
            (&[n][..], &[n][..], false)
        );
    }
    assert_partition(&da, &db, &rows);
}

#[test]
fn repeated_identical_paragraphs_pair_in_order() {
    let text = "## 1\n\n1. And the LORD spake unto Moses, saying,\n\n2. Speak unto the children.\n\n## 2\n\n1. And the LORD spake unto Moses, saying,\n\n2. Command the children.\n";
    let (_, _, rows) = same(text, text);
    assert!(rows.iter().all(|r| r.a == r.b && !r.moved));
}

fn cross(a: &str, b: &str) -> (Document, Document, Vec<Row>) {
    let (da, db) = (segment(a), segment(b));
    let rows = align(
        &da,
        &db,
        &AlignOptions {
            mode: Mode::CrossLanguage,
            ignore: IgnoreOptions::default(),
        },
    );
    (da, db, rows)
}

#[test]
fn translations_pair_by_article_key() {
    let en = "# Universal Declaration of Human Rights\n\n## Article 1\n\nAll human beings are born free and equal in dignity and rights.\n\n## Article 2\n\nEveryone is entitled to all the rights and freedoms set forth in this Declaration.\n\n## Article 3\n\nEveryone has the right to life, liberty and security of person.\n";
    let ru = "# Всеобщая декларация прав человека\n\n## Статья 1\n\nВсе люди рождаются свободными и равными в своем достоинстве и правах.\n\n## Статья 2\n\nКаждый человек должен обладать всеми правами и всеми свободами, провозглашенными настоящей Декларацией.\n\n## Статья 3\n\nКаждый человек имеет право на жизнь, на свободу и на личную неприкосновенность.\n";
    let (da, db, rows) = cross(en, ru);
    assert_partition(&da, &db, &rows);
    assert_eq!(rows.len(), 7);
    for r in &rows[1..] {
        assert_eq!(da.segments[r.a[0]].key, db.segments[r.b[0]].key);
    }
    // The titles have different keys but pair by order.
    assert_eq!(
        (rows[0].a.as_slice(), rows[0].b.as_slice()),
        (&[0][..], &[0][..])
    );
}

#[test]
fn one_paragraph_against_two_by_length() {
    // The translator made two paragraphs of the original's second one.
    let en = "## Article 2\n\nEveryone is entitled to all the rights and freedoms set forth in this Declaration, without distinction of any kind.\n\nA second paragraph that is long enough to matter here, about the political, jurisdictional or international status of the country or territory to which a person belongs, whether it be independent, trust or non-self-governing.\n\n## Article 3\n\nEveryone has the right to life.\n";
    let fr = "## Article 2\n\nChacun peut se prévaloir de tous les droits et de toutes les libertés proclamés dans la présente Déclaration, sans distinction aucune.\n\nDe plus, il ne sera fait aucune distinction fondée sur le statut politique, juridique ou international du pays\n\nou du territoire dont une personne est ressortissante, que ce pays ou territoire soit indépendant, sous tutelle ou non autonome.\n\n## Article 3\n\nTout individu a droit à la vie.\n";
    let (da, db, rows) = cross(en, fr);
    assert_partition(&da, &db, &rows);
    let shapes: Vec<(usize, usize)> = rows.iter().map(|r| (r.a.len(), r.b.len())).collect();
    assert_eq!(shapes, [(1, 1), (1, 1), (1, 2), (1, 1), (1, 1)]);
}

#[test]
fn language_is_detected_from_shared_words() {
    let en = segment("All human beings are born free and equal in dignity and rights.");
    let en2 = segment("All human beings are born free and equal in dignity and in rights.");
    let ru = segment("Все люди рождаются свободными и равными в своем достоинстве и правах.");
    assert!(looks_same_language(&en, &en2));
    assert!(!looks_same_language(&en, &ru));
}

#[test]
fn languages_decide_the_mode_by_their_primary_tag() {
    assert_eq!(Mode::for_languages("en-GB", "EN_us"), Mode::SameLanguage);
    assert_eq!(Mode::for_languages("zh-Hans", "zh"), Mode::SameLanguage);
    assert_eq!(Mode::for_languages("en", "ru"), Mode::CrossLanguage);
    assert_eq!(Mode::for_tags(Some("fr"), None), None);
    assert_eq!(
        Mode::for_tags(Some("fr"), Some("fr-CA")),
        Some(Mode::SameLanguage)
    );
}

/// Ruth's verses, a paragraph each, the whole book `times` times over.
fn ruth_repeated(text: &str, times: usize) -> String {
    vec![crate::testdata::verses(text).join("\n\n"); times].join("\n\n") + "\n"
}

#[test]
fn repeated_paragraphs_pair_in_order_of_occurrence() {
    // Every paragraph occurs eight times and none is unique: too large a gap
    // for the full grid, with no key and no unique text to anchor it.
    let a = ruth_repeated(include_str!("../../translations/ruth/kjv.md"), 8);
    let b = ruth_repeated(include_str!("../../translations/ruth/webster.md"), 8);
    let (da, db, rows) = same(&a, &b);
    assert_partition(&da, &db, &rows);
    assert!(da.segments.len() * db.segments.len() > gap::FULL_GRID_CELLS);
    // The n-th copy of a verse pairs with the n-th copy of it in B.
    let verses = da.segments.len() / 8;
    let (mut identical, mut pairs) = (0, 0);
    for r in &rows {
        assert!(!r.moved, "{r:?}");
        if let ([i], [j]) = (r.a.as_slice(), r.b.as_slice()) {
            assert_eq!(i / verses, j / verses, "{r:?}");
            pairs += 1;
            identical += usize::from(da.segments[*i].text == db.segments[*j].text);
        }
    }
    // The Webster revision changed all but a few verses, a word or two each.
    let unchanged = (0..verses)
        .filter(|&i| da.segments[i].text == db.segments[i].text)
        .count();
    assert!(unchanged > 0);
    assert_eq!(identical, 8 * unchanged);
    assert!(pairs >= da.segments.len() * 9 / 10, "{pairs} pairs");
}

/// Ruth's verses, `per` verses to a paragraph.
fn ruth_paragraphs(text: &str, per: usize) -> String {
    let paragraphs: Vec<String> = crate::testdata::verses(text)
        .chunks(per)
        .map(|c| c.join(" "))
        .collect();
    paragraphs.join("\n\n") + "\n"
}

#[test]
fn a_revision_paragraphed_four_or_five_verses_at_a_time_pairs_each_paragraph_with_its_verses() {
    // The KJV a verse to a paragraph; the WEB, a modern revision of it, in
    // paragraphs of four or five verses (and the other way round).
    let kjv = include_str!("../../translations/ruth/kjv.md");
    let web = include_str!("../../translations/ruth/web.md");
    for per in [4, 5] {
        for flipped in [false, true] {
            let (verses, paragraphs) = (ruth_paragraphs(kjv, 1), ruth_paragraphs(web, per));
            let (da, db, rows) = if flipped {
                same(&paragraphs, &verses)
            } else {
                same(&verses, &paragraphs)
            };
            assert_partition(&da, &db, &rows);
            let (singles, groups) = if flipped { (&db, &da) } else { (&da, &db) };
            assert_eq!(singles.segments.len(), 85);
            assert_eq!(groups.segments.len(), 85usize.div_ceil(per));
            let mut exact = 0;
            for r in &rows {
                let (ones, many) = if flipped { (&r.b, &r.a) } else { (&r.a, &r.b) };
                assert!(
                    !many.is_empty() || ones.is_empty(),
                    "{per} {flipped}: {r:?}"
                );
                if let [k] = many.as_slice() {
                    let want: Vec<usize> = (k * per..(k * per + per).min(85)).collect();
                    exact += usize::from(ones.as_slice() == want.as_slice());
                }
            }
            assert_eq!(exact, groups.segments.len(), "{per} {flipped}: {rows:?}");
        }
    }
}

/// The paragraphs of the bundled Declaration's articles `from..=to`, in order,
/// without headings.
fn declaration_articles(from: u32, to: u32) -> Vec<Vec<String>> {
    let en = include_str!("../../translations/udhr/en.md");
    let mut articles: Vec<(u32, Vec<String>)> = Vec::new();
    for line in en.lines().filter(|l| !l.is_empty()) {
        if let Some(n) = line.strip_prefix("## Article ") {
            articles.push((n.parse().unwrap(), Vec::new()));
        } else if let Some((_, paragraphs)) = articles.last_mut()
            && !line.starts_with('#')
        {
            paragraphs.push(line.to_string());
        }
    }
    articles
        .into_iter()
        .filter(|(n, _)| (from..=to).contains(n))
        .map(|(_, p)| p)
        .collect()
}

#[test]
fn a_rewrite_whose_sections_moved_pairs_what_it_kept_not_what_stood_in_its_place() {
    // A new edition opens with sections the old one did not have, keeps four
    // of the old ones (one word changed in each) and drops the rest, as
    // GPL 3 did to GPL 2: lengths and order would pair strangers, and the
    // kept sections with whatever stood at their place.
    let old = declaration_articles(1, 12);
    let new = declaration_articles(20, 27);
    let kept = [3, 5, 7, 9];
    let edit = |p: &str| {
        p.replacen(" the ", " every ", 1)
            .replacen("No one", "Nobody", 1)
    };
    let a: Vec<String> = old.iter().flatten().cloned().collect();
    let mut b: Vec<String> = new.iter().flatten().cloned().collect();
    let added = b.len();
    for &k in &kept {
        b.extend(old[k - 1].iter().map(|p| edit(p)));
    }
    assert!(
        b[added..]
            .iter()
            .zip(kept)
            .all(|(p, k)| *p != old[k - 1][0])
    );
    let (da, db, rows) = same(&(a.join("\n\n") + "\n"), &(b.join("\n\n") + "\n"));
    assert_partition(&da, &db, &rows);
    let start = |k: usize| old[..k - 1].iter().map(Vec::len).sum::<usize>();
    // No row pairs more than one segment a side: lengths, which would
    // split and merge strangers along the order, were not taken.
    assert!(
        rows.iter().all(|r| r.a.len() < 2 && r.b.len() < 2),
        "{rows:?}"
    );
    for (n, &k) in kept.iter().enumerate() {
        let row = rows.iter().find(|r| r.b.as_slice() == [added + n]);
        assert_eq!(
            row.map(|r| r.a.as_slice()),
            Some(&[start(k)][..]),
            "article {k}"
        );
    }
}
