//! Prices per million tokens and the cost of a document's calls.

use serde::Serialize;

/// Prices per million input and output tokens, in the user's currency unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Pricing {
    pub input_per_million: f64,
    /// Price of prompt tokens served from the provider's prompt cache; `None`: the input price.
    pub cached_input_per_million: Option<f64>,
    pub output_per_million: f64,
}

impl Pricing {
    /// Cost of `input` prompt tokens (of which `cached` came from the prompt cache) and `output`
    /// completion tokens.
    pub fn cost(&self, input: u64, cached: u64, output: u64) -> f64 {
        let cached = cached.min(input);
        let cached_price = self.cached_input_per_million.unwrap_or(self.input_per_million);
        ((input - cached) as f64 * self.input_per_million
            + cached as f64 * cached_price
            + output as f64 * self.output_per_million)
            / 1_000_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_scales_per_million() {
        let p = Pricing {
            input_per_million: 0.15,
            cached_input_per_million: None,
            output_per_million: 0.6,
        };
        assert!((p.cost(1_000_000, 0, 500_000) - 0.45).abs() < 1e-12);
        assert_eq!(Pricing::default().cost(10, 0, 10), 0.0);
        let cached = Pricing {
            cached_input_per_million: Some(0.075),
            ..p
        };
        assert!((cached.cost(1_000_000, 600_000, 0) - (0.4 * 0.15 + 0.6 * 0.075)).abs() < 1e-12);
    }
}
