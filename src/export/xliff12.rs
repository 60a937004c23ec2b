//! XLIFF 1.2: the same units as [`super::xliff`] writes, for the CAT tools and platforms
//! that read only the older version (Weblate and translate-toolkit, Virtaal, OmegaT's
//! Okapi filter, older Trados and memoQ set-ups).

use super::xliff::{
    PREVIOUS_SOURCE, Written, notes, warn_unit_dropped, write_source, written_units,
};
use super::xml::{UniqueIds, XmlWriter};
use super::{ExportMeta, Exported, Unit, UnitState, check_language, warn_dropped};

/// The XLIFF 1.2 namespace.
pub const XLIFF12_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Writes `units` as an XLIFF 1.2 document.
///
/// One `<file>` (`original` the document id, `datatype="plaintext"`, `xml:space="preserve"`
/// so that paragraph breaks survive), whose `<header>` holds the export's metadata as
/// `<note from="emend">category: value</note>`s (XLIFF 1.2's notes have no category; the
/// reader takes them back by their `category: ` start), and one `<trans-unit>` per unit in
/// its `<body>`: the id made as XLIFF 2's is, the key in `resname`, `<source>` (empty where
/// the row has none) and `<target>` where there is one, with `state="final"` and
/// `approved="yes"` for final units, `state="translated"` for translated ones and
/// `state="needs-translation"` for a stale one (`initial` with a target). A unit to
/// translate has no `<target>`; a stale unit's previous source is its
/// `<note from="emend" annotates="source">previous-source: …</note>`. A stale unit is `needs-translation`, not the spec's
/// `needs-review-translation`, because `needs-translation` is what Weblate and translate-toolkit take as
/// needing the translator's work (Weblate's "Needs editing"); `needs-review-translation`
/// reads there as translated and waiting for review.
pub fn xliff12(meta: &ExportMeta, units: &[Unit]) -> Exported {
    let mut warnings = Vec::new();
    check_language(&mut warnings, "source", &meta.source_lang);
    check_language(&mut warnings, "target", &meta.target_lang);

    let mut w = XmlWriter::default();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff")
        .attr("xmlns", XLIFF12_NAMESPACE)
        .attr("version", "1.2")
        .raw(">\n<file")
        .attr("original", &meta.document)
        .attr("source-language", &meta.source_lang)
        .attr("target-language", &meta.target_lang)
        .attr("datatype", "plaintext")
        .attr("xml:space", "preserve")
        .raw(">\n");
    let dropped = w.take_dropped();
    warn_dropped(&mut warnings, "document id or language", dropped);

    w.raw("  <header>\n");
    for (category, value) in notes(meta) {
        w.raw("    <note from=\"emend\">")
            .text(&format!("{category}: {value}"))
            .raw("</note>\n");
        let dropped = w.take_dropped();
        warn_dropped(&mut warnings, &format!("note {category}"), dropped);
    }
    w.raw("  </header>\n  <body>\n");

    for Written {
        unit,
        state,
        id,
        warnings: said,
    } in written_units(units, &mut UniqueIds::new())
    {
        warnings.extend(said);
        w.raw("    <trans-unit")
            .attr("id", &id)
            .attr("resname", &unit.key);
        if state == UnitState::Final {
            w.raw(" approved=\"yes\"");
        }
        w.raw(">\n");
        write_source(&mut w, unit);
        if let Some(target) = &unit.target {
            let state = match state {
                UnitState::Final => "final",
                UnitState::Translated => "translated",
                UnitState::Initial => "needs-translation",
            };
            w.raw("      <target")
                .attr("state", state)
                .raw(">")
                .text(target)
                .raw("</target>\n");
        }
        if let Some(previous) = &unit.previous_source {
            w.raw("      <note from=\"emend\" annotates=\"source\">")
                .text(&format!("{PREVIOUS_SOURCE}: {previous}"))
                .raw("</note>\n");
        }
        w.raw("    </trans-unit>\n");
        warn_unit_dropped(&mut w, &mut warnings, unit);
    }
    w.raw("  </body>\n</file>\n</xliff>\n");
    Exported {
        text: w.out,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::unit;

    fn meta() -> ExportMeta {
        ExportMeta {
            document: "udhr".into(),
            title: Some("Declaration \"<&>\"".into()),
            source_version: "en".into(),
            source_lang: "en".into(),
            target_version: "fr".into(),
            target_lang: "fr".into(),
            revision: "0123abcd".into(),
            approved: false,
        }
    }

    #[test]
    fn file_header_and_units_in_each_state() {
        let units = [
            unit("2¶3", Some("a & <b>"), Some("c"), UnitState::Final),
            unit("5¶1", Some("No one"), Some("Nul"), UnitState::Translated),
            unit("11/2", Some("changed"), Some("old"), UnitState::Initial),
            unit("3", Some("to do"), None, UnitState::Initial),
            unit("9", None, Some("only target"), UnitState::Translated),
            unit("none", None, None, UnitState::Final),
        ];
        let out = xliff12(&meta(), &units);
        let t = &out.text;
        assert!(t.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\">\n<file original=\"udhr\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" xml:space=\"preserve\">\n  <header>\n"), "{t}");
        assert!(t.contains(
            "    <note from=\"emend\">title: Declaration &quot;&lt;&amp;&gt;&quot;</note>\n"
        ));
        assert!(t.contains("    <note from=\"emend\">target-version: fr</note>\n"));
        assert!(t.contains("    <note from=\"emend\">revision: 0123abcd</note>\n"));
        assert!(t.contains("    <trans-unit id=\"u-2_B6_3\" resname=\"2¶3\" approved=\"yes\">\n      <source>a &amp; &lt;b&gt;</source>\n      <target state=\"final\">c</target>\n    </trans-unit>\n"), "{t}");
        assert!(t.contains("<trans-unit id=\"u-5_B6_1\" resname=\"5¶1\">\n      <source>No one</source>\n      <target state=\"translated\">Nul</target>"));
        assert!(t.contains("<target state=\"needs-translation\">old</target>"));
        assert!(t.contains(
            "<trans-unit id=\"u-3\" resname=\"3\">\n      <source>to do</source>\n    </trans-unit>"
        ));
        assert!(
            t.contains("<source/>\n      <target state=\"needs-translation\">only target</target>")
        );
        assert!(!t.contains("resname=\"none\""));
        assert!(t.ends_with("  </body>\n</file>\n</xliff>\n"));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn an_empty_export_has_an_empty_body() {
        let out = xliff12(&meta(), &[]);
        assert!(out.text.contains("  <body>\n  </body>\n"), "{}", out.text);
    }
}
