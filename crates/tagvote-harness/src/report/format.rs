//! How numbers appear in tables and pages (fixed decimals, so renderings are stable).

/// A score in `[0, 1]` with three decimals.
pub(crate) fn score(x: f64) -> String {
    format!("{x:.3}")
}

/// A signed difference with three decimals (`+0.012`, `-0.034`).
pub(crate) fn delta(x: f64) -> String {
    format!("{x:+.3}")
}

/// A p-value: three decimals, or `<0.001`.
pub(crate) fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// An optional quantity with `decimals` places, `-` when absent.
pub(crate) fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
}

/// A confidence interval as `[0.512, 0.634]`, `-` when absent.
pub(crate) fn interval(ci: Option<&crate::stats::Interval>) -> String {
    ci.map_or_else(|| "-".to_string(), |c| format!("[{:.3}, {:.3}]", c.low, c.high))
}

/// The first 12 hex digits of a hash.
pub(crate) fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_fixed_width_decimals() {
        assert_eq!(score(2.0 / 3.0), "0.667");
        assert_eq!(delta(-0.0125), "-0.013");
        assert_eq!(p_value(0.0004), "<0.001");
        assert_eq!(opt(None, 1), "-");
        assert_eq!(short_hash("abc"), "abc");
    }
}
