//! TMX 1.4b: a translation memory of the exported units.

use std::collections::HashSet;

use super::xml::XmlWriter;
use super::{ExportMeta, Exported, Unit, check_language, warn_dropped};
use crate::text::{EscapeForm, escape_controls};

/// Writes `units` as a TMX 1.4b document.
///
/// The `<header>` carries the seven required attributes (`creationtool="emend"`,
/// `creationtoolversion`, `segtype="paragraph"`, `o-tmf="emend"`,
/// `adminlang="en"`, `srclang`, `datatype="plaintext"`) and the export's
/// metadata as `x-emend-*` properties. Each unit becomes `<tu tuid="KEY">`
/// with `x-emend-state` (final, translated, initial) and `x-emend-revision`
/// properties and one `<tuv xml:lang="...">` per side present. Units with
/// neither side are skipped. A key that comes again gets `#2`, `#3`, ... in
/// its `tuid`, with a warning.
pub fn tmx(meta: &ExportMeta, units: &[Unit]) -> Exported {
    let mut warnings = Vec::new();
    check_language(&mut warnings, "source", &meta.source_lang);
    check_language(&mut warnings, "target", &meta.target_lang);

    let mut w = XmlWriter::default();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header")
        .attr("creationtool", "emend")
        .attr("creationtoolversion", env!("CARGO_PKG_VERSION"))
        .attr("segtype", "paragraph")
        .attr("o-tmf", "emend")
        .attr("adminlang", "en")
        .attr("srclang", &meta.source_lang)
        .attr("datatype", "plaintext")
        .raw(">\n");
    let mut props: Vec<(&str, &str)> = vec![("x-emend-document", &meta.document)];
    if let Some(title) = &meta.title {
        props.push(("x-emend-title", title));
    }
    props.extend([
        ("x-emend-source-version", meta.source_version.as_str()),
        ("x-emend-target-version", meta.target_version.as_str()),
        ("x-emend-revision", meta.revision.as_str()),
        ("x-emend-approved", if meta.approved { "yes" } else { "no" }),
    ]);
    for (kind, value) in props {
        w.raw("  <prop")
            .attr("type", kind)
            .raw(">")
            .text(value)
            .raw("</prop>\n");
        let dropped = w.take_dropped();
        warn_dropped(&mut warnings, &format!("header property {kind}"), dropped);
    }
    w.raw("</header>\n<body>\n");

    let mut seen: HashSet<String> = HashSet::new();
    for unit in units {
        if unit.source.is_none() && unit.target.is_none() {
            continue;
        }
        let mut tuid = unit.key.clone();
        let mut n = 2;
        while !seen.insert(tuid.clone()) {
            tuid = format!("{}#{n}", unit.key);
            n += 1;
        }
        if tuid != unit.key {
            warnings.push(format!(
                "unit {}: the key comes more than once; written with tuid {}",
                escape_controls(&unit.key, &[], EscapeForm::Rust),
                escape_controls(&tuid, &[], EscapeForm::Rust)
            ));
        }
        w.raw("<tu").attr("tuid", &tuid).raw(">\n");
        let key_dropped = w.take_dropped();
        w.raw("  <prop type=\"x-emend-state\">")
            .raw(unit.state.name())
            .raw("</prop>\n");
        w.raw("  <prop type=\"x-emend-revision\">")
            .text(&meta.revision)
            .raw("</prop>\n");
        // The revision's dropped characters were already reported in the header.
        w.take_dropped();
        for (lang, text) in [
            (&meta.source_lang, &unit.source),
            (&meta.target_lang, &unit.target),
        ] {
            if let Some(text) = text {
                w.raw("  <tuv")
                    .attr("xml:lang", lang)
                    .raw("><seg>")
                    .text(text)
                    .raw("</seg></tuv>\n");
            }
        }
        let dropped = key_dropped + w.take_dropped();
        warn_dropped(
            &mut warnings,
            &format!("unit {}", escape_controls(&unit.key, &[], EscapeForm::Rust)),
            dropped,
        );
        w.raw("</tu>\n");
    }
    w.raw("</body>\n</tmx>\n");
    Exported {
        text: w.out,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::UnitState;
    use crate::export::unit;

    pub(crate) fn meta() -> ExportMeta {
        ExportMeta {
            document: "udhr".into(),
            title: Some("Declaration \"<&>\"".into()),
            source_version: "en".into(),
            source_lang: "en".into(),
            target_version: "zh".into(),
            target_lang: "zh".into(),
            revision: "0123abcd".into(),
            approved: true,
        }
    }

    #[test]
    fn header_has_the_seven_required_attributes() {
        let out = tmx(&meta(), &[]);
        let header = out.text.lines().find(|l| l.starts_with("<header")).unwrap();
        for attr in [
            "creationtool=\"emend\"",
            &format!("creationtoolversion=\"{}\"", env!("CARGO_PKG_VERSION")),
            "segtype=\"paragraph\"",
            "o-tmf=\"emend\"",
            "adminlang=\"en\"",
            "srclang=\"en\"",
            "datatype=\"plaintext\"",
        ] {
            assert!(header.contains(attr), "{attr} missing in {header}");
        }
        assert!(
            out.text
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">")
        );
        assert!(
            out.text.contains(
                "<prop type=\"x-emend-title\">Declaration &quot;&lt;&amp;&gt;&quot;</prop>"
            )
        );
        assert!(
            out.text
                .contains("<prop type=\"x-emend-approved\">yes</prop>")
        );
        assert!(out.text.ends_with("<body>\n</body>\n</tmx>\n"));
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn units_become_tus_with_state_revision_and_languages() {
        let units = [
            unit(
                "2¶3",
                Some("Hello <script>alert(1)</script> ]]> & 'q' \"d\""),
                Some("你好"),
                UnitState::Final,
            ),
            unit("5~2", Some("only source"), None, UnitState::Initial),
            unit("11/1", None, Some("only target"), UnitState::Translated),
            unit("empty", None, None, UnitState::Initial),
        ];
        let out = tmx(&meta(), &units);
        let t = &out.text;
        assert_eq!(t.matches("<tu ").count(), 3);
        assert!(!t.contains("tuid=\"empty\""));
        assert!(t.contains("<tu tuid=\"2¶3\">\n  <prop type=\"x-emend-state\">final</prop>\n  <prop type=\"x-emend-revision\">0123abcd</prop>\n  <tuv xml:lang=\"en\"><seg>Hello &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &apos;q&apos; &quot;d&quot;</seg></tuv>\n  <tuv xml:lang=\"zh\"><seg>你好</seg></tuv>\n</tu>"));
        assert!(t.contains("<tu tuid=\"5~2\">\n  <prop type=\"x-emend-state\">initial</prop>"));
        assert!(t.contains("<tu tuid=\"11/1\">\n  <prop type=\"x-emend-state\">translated</prop>\n  <prop type=\"x-emend-revision\">0123abcd</prop>\n  <tuv xml:lang=\"zh\"><seg>only target</seg></tuv>\n</tu>"));
        assert!(!t.contains("<script"));
        assert!(!t.contains("]]>"));
        assert_eq!(
            t.matches("<tuv ").count(),
            t.matches("<tuv xml:lang=").count()
        );
    }

    #[test]
    fn forbidden_characters_are_dropped_with_a_warning() {
        let units = [
            unit(
                "2¶3",
                Some("a\u{0}b\u{1b}"),
                Some("c\u{FFFF}"),
                UnitState::Final,
            ),
            unit("k\u{1}", Some("x"), None, UnitState::Final),
        ];
        let out = tmx(&meta(), &units);
        assert!(out.text.contains("<seg>ab</seg>") && out.text.contains("<seg>c</seg>"));
        assert!(out.text.contains("tuid=\"k\""));
        assert_eq!(
            out.warnings,
            [
                "unit 2¶3: dropped 3 characters that XML 1.0 does not allow",
                "unit k\\u{1}: dropped 1 character that XML 1.0 does not allow"
            ]
        );
    }

    #[test]
    fn repeated_keys_and_bad_language_tags_are_reported() {
        let units = [
            unit("5", Some("a"), Some("b"), UnitState::Final),
            unit("5", Some("c"), Some("d"), UnitState::Final),
        ];
        let mut m = meta();
        m.target_lang = "zh_CN".into();
        let out = tmx(&m, &units);
        assert!(out.text.contains("tuid=\"5\"") && out.text.contains("tuid=\"5#2\""));
        assert_eq!(out.warnings.len(), 2, "{:?}", out.warnings);
        assert!(out.warnings[0].contains("\"zh_CN\" is not a valid language tag"));
        assert!(out.warnings[1].contains("tuid 5#2"));
    }
}
