//! Timing fields (`latency_*`, `wall_*`, `docs_per_s`): the only parts of a report that may differ
//! between two runs of the same inputs and seed.

use serde_json::Value;

/// Whether a JSON key holds a timing value.
pub fn is_timing_key(key: &str) -> bool {
    key.starts_with("latency_") || key.starts_with("wall_") || key == "docs_per_s"
}

/// Replaces every timing value in `value` by a neutral one (numbers by 0, objects by `{}`,
/// anything else by `null`), keeping the shape so the JSON still deserialises.
pub fn strip_timing(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_timing_key(key) {
                    *v = neutral(v);
                } else {
                    strip_timing(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_timing),
        _ => {}
    }
}

fn neutral(v: &Value) -> Value {
    match v {
        Value::Number(_) => Value::from(0.0),
        Value::Object(_) => Value::Object(Default::default()),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_keys_are_neutralised_at_any_depth() {
        let mut v = serde_json::json!({
            "latency_ms": 3.5, "a": [{"docs_per_s": 9.0, "f1": 0.5}],
            "wall_seconds": {"vote": 1.0}, "latency_p50_ms": null, "micro": {"f1": 0.7}
        });
        strip_timing(&mut v);
        assert_eq!(
            v,
            serde_json::json!({
                "latency_ms": 0.0, "a": [{"docs_per_s": 0.0, "f1": 0.5}],
                "wall_seconds": {}, "latency_p50_ms": null, "micro": {"f1": 0.7}
            })
        );
    }
}
