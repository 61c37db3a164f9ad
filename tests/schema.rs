//! `newsline schema` prints the JSON Schema of `extract` records, and every
//! record of the project's corpus is valid against it. The validator covers
//! the keywords the schema uses and fails on any other, so the schema cannot
//! grow a keyword this check would silently skip.

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// Every way `value` breaks `schema`, as "path: reason" lines.
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(rules) = schema.as_object() else {
        errors.push(format!("{path}: schema is not an object"));
        return;
    };
    for (key, rule) in rules {
        match key.as_str() {
            "$schema" | "$id" | "$defs" | "title" | "description" => {}
            "$ref" => {
                let name = rule.as_str().unwrap().trim_start_matches("#/$defs/");
                validate(root, &root["$defs"][name], value, path, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                    t => vec![t.as_str().unwrap()],
                };
                let fits = |t: &str| match t {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "integer" => value.is_u64() || value.is_i64(),
                    "number" => value.is_number(),
                    "boolean" => value.is_boolean(),
                    "null" => value.is_null(),
                    other => panic!("unknown type {other}"),
                };
                if !types.iter().any(|t| fits(t)) {
                    errors.push(format!("{path}: {value} is not {types:?}"));
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(value) {
                    errors.push(format!("{path}: {value} is not one of {rule}"));
                }
            }
            "minimum" | "maximum" => {
                if let (Some(x), Some(bound)) = (value.as_f64(), rule.as_f64()) {
                    let ok = if key == "minimum" {
                        x >= bound
                    } else {
                        x <= bound
                    };
                    if !ok {
                        errors.push(format!("{path}: {x} breaks {key} {bound}"));
                    }
                }
            }
            "required" => {
                for field in rule.as_array().unwrap() {
                    let field = field.as_str().unwrap();
                    if value.is_object() && value.get(field).is_none() {
                        errors.push(format!("{path}: no `{field}`"));
                    }
                }
            }
            "properties" => {
                if let Some(obj) = value.as_object() {
                    for (field, v) in obj {
                        if let Some(s) = rule.get(field) {
                            validate(root, s, v, &format!("{path}.{field}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &Value::Bool(false), "only `false` is supported");
                if let Some(obj) = value.as_object() {
                    for field in obj.keys() {
                        if schema["properties"].get(field).is_none() {
                            errors.push(format!("{path}: `{field}` is not in the schema"));
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, v) in items.iter().enumerate() {
                        validate(root, rule, v, &format!("{path}[{i}]"), errors);
                    }
                }
            }
            other => panic!("the schema uses `{other}`, which this validator does not check"),
        }
    }
}

fn schema() -> Value {
    let out = cargo_bin_cmd!("newsline").arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

#[test]
fn every_corpus_record_is_valid_against_the_schema() {
    let schema = schema();
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(common::root().join("corpus"))
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.len() > 10);
    let mut errors = Vec::new();
    for r in &records {
        validate(&schema, &schema, r, r["id"].as_str().unwrap(), &mut errors);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_validator_catches_what_the_schema_forbids() {
    let schema = schema();
    let bad = serde_json::json!({
        "id": 7, "source": "x", "title": null, "url": null, "publisher": null,
        "published": {"value": null, "source": "guessed", "basis": null},
        "regions": [], "mentions": [{"kind": "company", "text": "A", "start": 0}],
        "entities": [], "events": [], "warnings": [], "extra": true
    });
    let mut errors = Vec::new();
    validate(&schema, &schema, &bad, "bad", &mut errors);
    let all = errors.join("\n");
    for want in ["bad.id", "guessed", "no `end`", "`extra`"] {
        assert!(all.contains(want), "{want}: {all}");
    }
}

#[test]
fn every_record_field_is_documented() {
    let schema = schema();
    let doc = std::fs::read_to_string(common::root().join("docs/schema.md")).unwrap();
    let mut missing = Vec::new();
    let mut fields = |props: &Value| {
        for name in props.as_object().unwrap().keys() {
            if !doc.contains(&format!("`{name}`")) {
                missing.push(name.clone());
            }
        }
    };
    fields(&schema["properties"]);
    for def in schema["$defs"].as_object().unwrap().values() {
        if let Some(p) = def.get("properties") {
            fields(p);
        }
    }
    assert!(missing.is_empty(), "not in docs/schema.md: {missing:?}");
}
