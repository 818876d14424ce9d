//! Retry policy: exponential backoff with jitter from a seeded generator, honouring `Retry-After`.

use std::time::Duration;

use serde::Serialize;
use tagvote_core::hash::FieldHasher;

/// When and how long to wait before trying a failed request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetryPolicy {
    /// Retries after the first request; 0 means none.
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    #[serde(with = "millis")]
    pub base_delay: Duration,
    /// Upper bound of any wait, `Retry-After` included.
    #[serde(with = "millis")]
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based): `base·2^retry` scaled by a jitter factor in
    /// `[0.5, 1)`, at least the server's `Retry-After`, at most `max_delay`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        let exponential = self.base_delay.saturating_mul(1u32 << retry.min(20));
        let jittered = exponential
            .min(self.max_delay)
            .mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        jittered.max(retry_after.unwrap_or_default()).min(self.max_delay)
    }
}

/// A jitter factor in `[0, 1)` that depends only on the seed, the request's key and the retry
/// number, so runs are reproducible whatever order requests complete in.
pub(crate) fn jitter(seed: u64, key: &str, retry: u32) -> f64 {
    let mut hasher = FieldHasher::new();
    hasher
        .field(&seed.to_le_bytes())
        .field(key.as_bytes())
        .field(&retry.to_le_bytes());
    let hex = hasher.finish_hex();
    let bits = u64::from_str_radix(&hex[..16], 16).unwrap_or(0);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

mod millis {
    use std::time::Duration;

    pub fn serialize<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_within_jitter_and_caps() {
        let p = RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        };
        assert_eq!(p.delay(0, None, 0.0), Duration::from_millis(50));
        assert_eq!(p.delay(2, None, 0.0), Duration::from_millis(200));
        assert_eq!(
            p.delay(10, None, 0.999_999),
            Duration::from_millis(1000).mul_f64(0.999_999_5)
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_millis(700)), 0.0),
            Duration::from_millis(700)
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(90)), 0.0),
            Duration::from_millis(1000)
        );
    }

    #[test]
    fn jitter_is_seeded_and_in_range() {
        let a = jitter(1, "doc", 0);
        assert_eq!(a, jitter(1, "doc", 0));
        assert_ne!(a, jitter(2, "doc", 0));
        assert!((0.0..1.0).contains(&a));
    }
}
