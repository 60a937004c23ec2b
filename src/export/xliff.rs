//! XLIFF 2.1: a bilingual file of the exported units.

use super::xml::{UniqueIds, XmlWriter};
use super::{ExportMeta, Exported, Unit, UnitState, check_language, warn_dropped};
use crate::text::{EscapeForm, escape_controls};

/// The XLIFF 2 core namespace, which XLIFF 2.1 keeps.
pub const XLIFF_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The category of a stale unit's note holding its previous source.
pub const PREVIOUS_SOURCE: &str = "previous-source";

/// Writes `units` as an XLIFF 2.1 document.
///
/// One `<file>` (its id made from the document id, `xml:space="preserve"` so
/// that paragraph breaks survive, the export's metadata as `<note>`s), and one
/// `<unit>` per unit holding one `<segment state="final|translated|initial">`
/// with `<source>` and `<target>`. Unit ids must be `xs:NMTOKEN`s: each is
/// `u-` + the key made valid by [`super::nmtoken`] (`2¶3` → `u-2_B6_3`), with
/// `_2`, `_3` added should a key come again; the key itself is kept in the
/// unit's `name`. A unit without source gets an empty `<source/>` and state
/// `initial`; a unit without target gets no `<target>` and state `initial`
/// (with a warning when it said otherwise). Units with neither side are
/// skipped. A stale unit's previous source (the source's text when its target was
/// translated) is the unit's `<note category="previous-source">`, which CAT tools show
/// the translator. A file must hold at least one unit or group, so an export with no
/// units holds one empty `<group id="empty"/>`.
pub fn xliff(meta: &ExportMeta, units: &[Unit]) -> Exported {
    let mut warnings = Vec::new();
    check_language(&mut warnings, "source", &meta.source_lang);
    check_language(&mut warnings, "target", &meta.target_lang);

    let mut w = XmlWriter::default();
    let mut ids = UniqueIds::new();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff")
        .attr("xmlns", XLIFF_NAMESPACE)
        .attr("version", "2.1")
        .attr("srcLang", &meta.source_lang)
        .attr("trgLang", &meta.target_lang)
        .raw(">\n");
    let (file_id, _) = ids.id("f-", &meta.document);
    w.raw("<file")
        .attr("id", &file_id)
        .attr("original", &meta.document)
        .attr("xml:space", "preserve")
        .raw(">\n");
    let dropped = w.take_dropped();
    warn_dropped(&mut warnings, "document id or language", dropped);

    w.raw("  <notes>\n");
    for (category, value) in notes(meta) {
        w.raw("    <note")
            .attr("category", category)
            .raw(">")
            .text(value)
            .raw("</note>\n");
        let dropped = w.take_dropped();
        warn_dropped(&mut warnings, &format!("note {category}"), dropped);
    }
    w.raw("  </notes>\n");

    let written = written_units(units, &mut ids);
    for Written {
        unit,
        state,
        id,
        warnings: said,
    } in &written
    {
        warnings.extend(said.iter().cloned());
        w.raw("  <unit")
            .attr("id", id)
            .attr("name", &unit.key)
            .raw(">\n");
        if let Some(previous) = &unit.previous_source {
            w.raw("    <notes>\n      <note")
                .attr("category", PREVIOUS_SOURCE)
                .raw(">")
                .text(previous)
                .raw("</note>\n    </notes>\n");
        }
        w.raw("    <segment").attr("state", state.name()).raw(">\n");
        write_source(&mut w, unit);
        if let Some(target) = &unit.target {
            w.raw("      <target>").text(target).raw("</target>\n");
        }
        w.raw("    </segment>\n  </unit>\n");
        warn_unit_dropped(&mut w, &mut warnings, unit);
    }
    if written.is_empty() {
        w.raw("  <group id=\"empty\"/>\n");
    }
    w.raw("</file>\n</xliff>\n");
    Exported {
        text: w.out,
        warnings,
    }
}

/// What the file says of itself, as (category, value): the title, the two versions, the
/// revision and whether it is approved. `text_from_xliff` reads them back.
pub(super) fn notes(meta: &ExportMeta) -> Vec<(&'static str, &str)> {
    let mut notes: Vec<(&'static str, &str)> = Vec::new();
    if let Some(title) = &meta.title {
        notes.push(("title", title));
    }
    notes.extend([
        ("source-version", meta.source_version.as_str()),
        ("target-version", meta.target_version.as_str()),
        ("revision", meta.revision.as_str()),
        ("approved", if meta.approved { "yes" } else { "no" }),
    ]);
    notes
}

/// Writes the unit's `<source>` (empty where the row has none), as both XLIFF versions do.
pub(super) fn write_source(w: &mut XmlWriter, unit: &Unit) {
    match &unit.source {
        Some(source) => {
            w.raw("      <source>").text(source).raw("</source>\n");
        }
        None => {
            w.raw("      <source/>\n");
        }
    }
}

/// Warns of the characters left out of the unit just written.
pub(super) fn warn_unit_dropped(w: &mut XmlWriter, warnings: &mut Vec<String>, unit: &Unit) {
    let dropped = w.take_dropped();
    warn_dropped(
        warnings,
        &format!("unit {}", escape_controls(&unit.key, &[], EscapeForm::Rust)),
        dropped,
    );
}

/// A unit as it is written: the state it is written with, its id, and what to warn of.
pub(super) struct Written<'u> {
    pub unit: &'u Unit,
    pub state: UnitState,
    /// `u-` + the key made a valid `xs:NMTOKEN`, made unique.
    pub id: String,
    /// A key that came before; a state lowered to `initial` for want of a target.
    pub warnings: Vec<String>,
}

/// The units to write: a unit with neither side is skipped, and one that lacks a side is
/// `initial` (with a warning where it said otherwise).
pub(super) fn written_units<'u>(units: &'u [Unit], ids: &mut UniqueIds) -> Vec<Written<'u>> {
    let mut out = Vec::new();
    for unit in units {
        if unit.source.is_none() && unit.target.is_none() {
            continue;
        }
        let mut warnings = Vec::new();
        let (id, first) = ids.id("u-", &unit.key);
        if !first {
            warnings.push(format!(
                "unit {}: the key comes more than once; written with id {id}",
                escape_controls(&unit.key, &[], EscapeForm::Rust)
            ));
        }
        let state = if unit.source.is_none() || unit.target.is_none() {
            if unit.target.is_none() && unit.state != UnitState::Initial {
                warnings.push(format!(
                    "unit {}: no target, so its state is written as initial, not {}",
                    escape_controls(&unit.key, &[], EscapeForm::Rust),
                    unit.state.name()
                ));
            }
            UnitState::Initial
        } else {
            unit.state
        };
        out.push(Written {
            unit,
            state,
            id,
            warnings,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::unit;
    use crate::export::xml::is_name_char;

    fn meta() -> ExportMeta {
        ExportMeta {
            document: "udhr".into(),
            title: Some("Declaration \"<&>\" ]]>".into()),
            source_version: "en".into(),
            source_lang: "en".into(),
            target_version: "zh".into(),
            target_lang: "zh-Hans".into(),
            revision: "0123abcd".into(),
            approved: false,
        }
    }

    /// The `id` attributes of the units, in order.
    fn unit_ids(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|l| l.trim().strip_prefix("<unit id=\""))
            .map(|rest| rest.split('"').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn root_file_and_notes() {
        let out = xliff(
            &meta(),
            &[unit("1", Some("a"), Some("b"), UnitState::Final)],
        );
        let t = &out.text;
        assert!(t.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"zh-Hans\">\n<file id=\"f-udhr\" original=\"udhr\" xml:space=\"preserve\">\n"));
        assert!(t.contains(
            "<note category=\"title\">Declaration &quot;&lt;&amp;&gt;&quot; ]]&gt;</note>"
        ));
        assert!(t.contains("<note category=\"revision\">0123abcd</note>"));
        assert!(t.contains("<note category=\"approved\">no</note>"));
        assert!(t.ends_with("</file>\n</xliff>\n"));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn units_segments_and_states() {
        let units = [
            unit(
                "2¶3",
                Some("<script>alert(1)</script> & ]]> 'x' \"y\""),
                Some("译文"),
                UnitState::Final,
            ),
            unit(
                "genesis/1/1",
                Some("In the beginning"),
                Some("起初"),
                UnitState::Translated,
            ),
            unit("5~2", Some("stale"), None, UnitState::Initial),
            unit("11/1", None, Some("only target"), UnitState::Final),
            unit("none", None, None, UnitState::Final),
        ];
        let out = xliff(&meta(), &units);
        let t = &out.text;
        assert!(t.contains("  <unit id=\"u-2_B6_3\" name=\"2¶3\">\n    <segment state=\"final\">\n      <source>&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; &apos;x&apos; &quot;y&quot;</source>\n      <target>译文</target>\n    </segment>\n  </unit>"));
        assert!(t.contains("<unit id=\"u-genesis_2F_1_2F_1\" name=\"genesis/1/1\">\n    <segment state=\"translated\">"));
        assert!(t.contains("<unit id=\"u-5_7E_2\" name=\"5~2\">\n    <segment state=\"initial\">\n      <source>stale</source>\n    </segment>"));
        assert!(t.contains("<unit id=\"u-11_2F_1\" name=\"11/1\">\n    <segment state=\"initial\">\n      <source/>\n      <target>only target</target>"));
        assert!(!t.contains("name=\"none\""));
        assert!(!t.contains("<script") && !t.contains("]]>"));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn ids_are_valid_nmtokens_and_unique() {
        let keys = [
            "2¶3",
            "genesis/1/1",
            "5~2",
            "11/1",
            "第一条",
            "序言¶2",
            "преамбула¶7",
            "المادة 1",
            "5",
            "5",
            "5_2",
            "a:b",
        ];
        let units: Vec<Unit> = keys
            .iter()
            .map(|k| unit(k, Some("s"), Some("t"), UnitState::Final))
            .collect();
        let out = xliff(&meta(), &units);
        let ids = unit_ids(&out.text);
        assert_eq!(ids.len(), keys.len());
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        for id in &ids {
            assert!(id.chars().all(is_name_char), "{id}");
        }
        assert_eq!(ids[4], "u-第一条");
        assert_eq!(ids[5], "u-序言_B6_2");
        assert_eq!(ids[9], "u-5_2");
        assert_eq!(ids[10], "u-5_5F_2");
        // The original keys are kept in `name`.
        for key in keys {
            assert!(out.text.contains(&format!("name=\"{key}\"")));
        }
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(out.warnings[0].starts_with("unit 5: the key comes more than once"));
        // The same keys give the same ids every time.
        assert_eq!(unit_ids(&xliff(&meta(), &units).text), ids);
    }

    #[test]
    fn forbidden_characters_are_dropped_with_a_warning() {
        let units = [
            unit(
                "2¶3",
                Some("bell\u{7} and nul\u{0}"),
                Some("ok\u{FFFE}"),
                UnitState::Final,
            ),
            unit("k\u{2}", Some("s"), Some("t"), UnitState::Final),
        ];
        let out = xliff(&meta(), &units);
        assert!(out.text.contains("<source>bell and nul</source>"));
        assert!(out.text.contains("<target>ok</target>"));
        assert!(out.text.contains("name=\"k\""));
        assert_eq!(
            out.warnings,
            [
                "unit 2¶3: dropped 3 characters that XML 1.0 does not allow",
                "unit k\\u{2}: dropped 1 character that XML 1.0 does not allow"
            ]
        );
    }

    #[test]
    fn a_missing_target_makes_the_state_initial() {
        let out = xliff(&meta(), &[unit("3", Some("s"), None, UnitState::Final)]);
        assert!(out.text.contains("<segment state=\"initial\">"));
        assert_eq!(
            out.warnings,
            ["unit 3: no target, so its state is written as initial, not final"]
        );
    }

    #[test]
    fn an_empty_export_is_still_a_valid_file() {
        let out = xliff(&meta(), &[]);
        assert!(out.text.contains("  <group id=\"empty\"/>\n</file>"));
    }
}
