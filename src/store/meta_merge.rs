//! `document.json` changed in two clones, merged by what it says rather than by its lines.
//!
//! Two translators who each add their language append to the same `versions` array, and
//! git's line merge calls that a conflict. Here each field of the document, and each
//! version (found by its id) and each of its fields, is merged on its own: a side that
//! left it as it was takes the other side's; two sides that made it the same agree; two
//! that made it differently conflict. Versions are listed as ours lists them, then those
//! only theirs added, as theirs lists them. The result must hold together as any
//! `document.json` must ([`DocumentMeta::check_sources`]); otherwise it is a conflict too.

use serde_json::{Map, Value};

use super::layout::DocumentMeta;

/// The three-way merge of `document.json` (`base` absent when both sides added the
/// document); `None` when the two sides changed one field differently, or the result
/// does not hold together. `path` names the file in the check.
pub(crate) fn merge_document(
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
    path: &str,
) -> Option<Vec<u8>> {
    let read = |bytes: &[u8]| -> Option<Map<String, Value>> {
        DocumentMeta::parse_fields(bytes, path).ok()?;
        match serde_json::from_slice(bytes).ok()? {
            Value::Object(map) => Some(map),
            _ => None,
        }
    };
    let base = match base {
        Some(b) => read(b)?,
        None => Map::new(),
    };
    let (ours, theirs) = (read(ours)?, read(theirs)?);
    let mut merged = merge_objects(&base, &ours, &theirs, |key, b, o, t| {
        if key == "versions" {
            merge_versions(b, o, t).map(|v| v.map(Value::Array))
        } else {
            merge_value(b, o, t)
        }
    })?;
    // Fields emend writes in a fixed order come out in it.
    let meta: DocumentMeta =
        serde_json::from_value(Value::Object(std::mem::take(&mut merged))).ok()?;
    meta.check_sources(path).ok()?;
    Some(meta.to_bytes())
}

/// A value changed on at most one side, or the same way on both.
fn merge_value(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Option<Value>> {
    if ours == theirs || theirs == base {
        Some(ours.cloned())
    } else if ours == base {
        Some(theirs.cloned())
    } else {
        None
    }
}

/// Objects merged key by key with `field` (which gets each key's three values; `None`
/// back is a conflict, `Some(None)` an absent key). Keys in ours' order, then theirs' new ones.
fn merge_objects(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    field: impl Fn(&str, Option<&Value>, Option<&Value>, Option<&Value>) -> Option<Option<Value>>,
) -> Option<Map<String, Value>> {
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    keys.extend(
        base.keys()
            .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
    );
    let mut out = Map::new();
    for key in keys {
        if let Some(value) = field(key, base.get(key), ours.get(key), theirs.get(key))? {
            out.insert(key.clone(), value);
        }
    }
    Some(out)
}

/// The `versions` arrays merged by id.
fn merge_versions(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Option<Vec<Value>>> {
    let list = |v: Option<&Value>| -> Option<Vec<(String, Map<String, Value>)>> {
        let Some(v) = v else { return Some(Vec::new()) };
        v.as_array()?
            .iter()
            .map(|e| {
                let map = e.as_object()?.clone();
                Some((map.get("id")?.as_str()?.to_string(), map))
            })
            .collect()
    };
    let (base, ours, theirs) = (list(base)?, list(ours)?, list(theirs)?);
    let find = |l: &[(String, Map<String, Value>)], id: &str| {
        l.iter().find(|(i, _)| i == id).map(|(_, m)| m.clone())
    };
    let mut ids: Vec<&String> = ours.iter().map(|(id, _)| id).collect();
    ids.extend(
        theirs
            .iter()
            .map(|(id, _)| id)
            .filter(|id| find(&ours, id).is_none()),
    );
    ids.extend(
        base.iter()
            .map(|(id, _)| id)
            .filter(|id| find(&ours, id).is_none() && find(&theirs, id).is_none()),
    );
    let mut out = Vec::new();
    for id in ids {
        let (b, o, t) = (find(&base, id), find(&ours, id), find(&theirs, id));
        let version = match (&b, &o, &t) {
            (_, Some(o), Some(t)) => {
                let empty = Map::new();
                let b = b.as_ref().unwrap_or(&empty);
                Some(merge_objects(b, o, t, |_, b, o, t| merge_value(b, o, t))?)
            }
            // Removed on one side, or on both: gone, unless the other side changed it.
            _ => merge_value(
                b.map(Value::Object).as_ref(),
                o.map(Value::Object).as_ref(),
                t.map(Value::Object).as_ref(),
            )?
            .and_then(|v| v.as_object().cloned()),
        };
        out.extend(version.map(Value::Object));
    }
    Some(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, versions: &[(&str, &str, Option<&str>)]) -> Vec<u8> {
        let versions: Vec<Value> = versions
            .iter()
            .map(|(id, lang, from)| {
                let mut v = serde_json::json!({"id": id, "language": lang, "role": "translation"});
                if let Some(f) = from {
                    v["from"] = (*f).into();
                }
                v
            })
            .collect();
        DocumentMeta::parse(
            &serde_json::to_vec(&serde_json::json!({"title": title, "versions": versions}))
                .unwrap(),
            "t/d/document.json",
        )
        .unwrap()
        .to_bytes()
    }

    fn merged(base: Option<&[u8]>, ours: &[u8], theirs: &[u8]) -> Option<DocumentMeta> {
        let bytes = merge_document(base, ours, theirs, "t/d/document.json")?;
        Some(DocumentMeta::parse(&bytes, "t/d/document.json").unwrap())
    }

    fn ids(meta: &DocumentMeta) -> Vec<&str> {
        meta.versions.iter().map(|v| v.id.as_str()).collect()
    }

    #[test]
    fn two_versions_added_at_once_both_come_in_ours_first() {
        let base = doc("udhr", &[("en", "en", None)]);
        let ours = doc("udhr", &[("en", "en", None), ("fr", "fr", Some("en"))]);
        let theirs = doc("udhr", &[("en", "en", None), ("ru", "ru", Some("en"))]);
        let m = merged(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(ids(&m), ["en", "fr", "ru"]);
        assert_eq!(m.version("ru").unwrap().from.as_deref(), Some("en"));
    }

    #[test]
    fn fields_changed_on_one_side_each_are_taken_and_one_field_changed_twice_conflicts() {
        let base = doc("udhr", &[("en", "en", None), ("fr", "fr", Some("en"))]);
        let retitled = doc(
            "Declaration",
            &[("en", "en", None), ("fr", "fr", Some("en"))],
        );
        let retagged = doc("udhr", &[("en", "en", None), ("fr", "fr-FR", Some("en"))]);
        let m = merged(Some(&base), &retitled, &retagged).unwrap();
        assert_eq!(m.title.as_deref(), Some("Declaration"));
        assert_eq!(m.version("fr").unwrap().language, "fr-FR");
        // The same change on both sides agrees; two different ones conflict.
        assert!(merged(Some(&base), &retagged, &retagged).is_some());
        let other = doc("udhr", &[("en", "en", None), ("fr", "fr-CA", Some("en"))]);
        assert!(merged(Some(&base), &retagged, &other).is_none());
        // Removed on one side and changed on the other conflicts; removed and kept is removed.
        let removed = doc("udhr", &[("en", "en", None)]);
        assert!(merged(Some(&base), &removed, &retagged).is_none());
        assert_eq!(
            ids(&merged(Some(&base), &removed, &retitled).unwrap()),
            ["en"]
        );
    }

    #[test]
    fn a_merge_that_would_not_hold_together_conflicts() {
        // Ours makes en from fr while theirs makes fr from en: each alone is sound.
        let base = doc("udhr", &[("en", "en", None), ("fr", "fr", None)]);
        let ours = doc("udhr", &[("en", "en", Some("fr")), ("fr", "fr", None)]);
        let theirs = doc("udhr", &[("en", "en", None), ("fr", "fr", Some("en"))]);
        assert!(merged(Some(&base), &ours, &theirs).is_none());
        // A document both sides added, with different versions: both come in.
        let m = merged(
            None,
            &doc("d", &[("en", "en", None)]),
            &doc("d", &[("de", "de", None)]),
        )
        .unwrap();
        assert_eq!(ids(&m), ["en", "de"]);
        assert!(merged(None, &doc("d", &[]), b"{not json").is_none());
    }
}
