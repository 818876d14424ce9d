//! Global limits per scorer instance: a semaphore caps requests in flight, and an optional
//! requests-per-minute pacer spaces their starts.

use std::time::Duration;

use tokio::sync::{Mutex, Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// Caps concurrent requests and, optionally, the request rate.
#[derive(Debug)]
pub(crate) struct RequestLimiter {
    permits: Semaphore,
    pacer: Option<Pacer>,
}

#[derive(Debug)]
struct Pacer {
    interval: Duration,
    next_start: Mutex<Option<Instant>>,
}

impl RequestLimiter {
    pub fn new(concurrency: usize, requests_per_minute: Option<u32>) -> Self {
        let pacer = requests_per_minute.filter(|&rpm| rpm > 0).map(|rpm| Pacer {
            interval: Duration::from_secs_f64(60.0 / f64::from(rpm)),
            next_start: Mutex::new(None),
        });
        RequestLimiter {
            permits: Semaphore::new(concurrency.max(1)),
            pacer,
        }
    }

    /// Waits for a free slot (and the pacer's next start time); the permit frees the slot on drop.
    pub async fn acquire(&self) -> SemaphorePermit<'_> {
        let permit = self
            .permits
            .acquire()
            .await
            .expect("the limiter's semaphore is never closed");
        if let Some(pacer) = &self.pacer {
            pacer.wait_turn().await;
        }
        permit
    }
}

impl Pacer {
    async fn wait_turn(&self) {
        let start = {
            let mut next = self.next_start.lock().await;
            let now = Instant::now();
            let start = next.map_or(now, |n| n.max(now));
            *next = Some(start + self.interval);
            start
        };
        tokio::time::sleep_until(start).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn pacer_spaces_request_starts() {
        let limiter = RequestLimiter::new(4, Some(600));
        let begin = Instant::now();
        for _ in 0..3 {
            drop(limiter.acquire().await);
        }
        assert_eq!(begin.elapsed(), Duration::from_millis(200));
    }
}
