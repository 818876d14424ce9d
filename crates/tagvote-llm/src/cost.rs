//! Prices per million tokens and the cost of a document's calls.

use serde::Serialize;

/// Prices per million input and output tokens, in the user's currency unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Pricing {
    pub input_per_million: f64,
    pub output_per_million: f64,
}

impl Pricing {
    /// Cost of `input` prompt tokens and `output` completion tokens.
    pub fn cost(&self, input: u64, output: u64) -> f64 {
        (input as f64 * self.input_per_million + output as f64 * self.output_per_million) / 1_000_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_scales_per_million() {
        let p = Pricing {
            input_per_million: 0.15,
            output_per_million: 0.6,
        };
        assert!((p.cost(1_000_000, 500_000) - 0.45).abs() < 1e-12);
        assert_eq!(Pricing::default().cost(10, 10), 0.0);
    }
}
