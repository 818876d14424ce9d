//! Progress on stderr: one indicatif bar per system (count, rate, ETA), hidden when stderr is not a
//! terminal or with `--quiet`; failures printed one line each (a cause already shown only counted),
//! capped, with a final count.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tagvote_harness::run::RunObserver;

/// Lines printed per kind of failure before they are only counted.
const MAX_PRINTED: u64 = 20;

/// Draws bars and prints failures.
pub struct Progress {
    multi: MultiProgress,
    bars: Mutex<HashMap<String, ProgressBar>>,
    total: Option<u64>,
    input_failures: AtomicU64,
    doc_failures: AtomicU64,
    /// Document failures already printed, by system and cause (the document's id taken out).
    shown_causes: Mutex<std::collections::HashSet<String>>,
    repeated_causes: AtomicU64,
}

impl Progress {
    /// Bars are drawn only when stderr is a terminal and not `quiet`; `total` is the expected
    /// number of documents when known.
    pub fn new(quiet: bool, total: Option<u64>) -> Self {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        Progress {
            multi: MultiProgress::with_draw_target(target),
            bars: Mutex::new(HashMap::new()),
            total,
            input_failures: AtomicU64::new(0),
            doc_failures: AtomicU64::new(0),
            shown_causes: Mutex::new(std::collections::HashSet::new()),
            repeated_causes: AtomicU64::new(0),
        }
    }

    /// Whether bars are drawn (worth counting the corpus first).
    pub fn wants_total(quiet: bool) -> bool {
        !quiet && std::io::stderr().is_terminal()
    }

    fn print(&self, counter: &AtomicU64, line: &str) {
        if counter.fetch_add(1, Ordering::Relaxed) < MAX_PRINTED {
            self.multi.suspend(|| eprintln!("{line}"));
        }
    }

    /// Input records rejected and system failures seen, for the closing summary.
    pub fn failure_counts(&self) -> (u64, u64) {
        (
            self.input_failures.load(Ordering::Relaxed),
            self.doc_failures.load(Ordering::Relaxed),
        )
    }

    /// A bar with ETA when the total is known, else a counter with the rate.
    fn style(&self) -> ProgressStyle {
        let template = match self.total {
            Some(_) => "{prefix:>8} {bar:30} {pos}/{len} docs  {per_sec}  ETA {eta}",
            None => "{prefix:>8} {pos} docs  {per_sec}",
        };
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
    }
}

impl RunObserver for Progress {
    fn started(&self, systems: &[String]) {
        let mut bars = self.bars.lock().expect("bars lock");
        for name in systems {
            let bar = self.multi.add(ProgressBar::new(self.total.unwrap_or(0)));
            bar.set_style(self.style());
            bar.set_prefix(name.clone());
            bars.insert(name.clone(), bar);
        }
    }

    fn advanced(&self, system: &str, docs: u64) {
        if let Some(bar) = self.bars.lock().expect("bars lock").get(system) {
            bar.inc(docs);
        }
    }

    fn input_failed(&self, message: &str) {
        self.print(&self.input_failures, &format!("Input error: {message}"));
    }

    fn doc_failed(&self, system: &str, id: &str, message: &str) {
        let cause = message
            .replace(&format!("Document `{id}`: "), "")
            .replace("Not sent: ", "");
        if !self
            .shown_causes
            .lock()
            .expect("causes lock")
            .insert(format!("{system}\n{cause}"))
        {
            self.repeated_causes.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.print(
            &self.doc_failures,
            &format!("`{system}` failed on document `{id}`: {message}"),
        );
    }

    fn finished(&self) {
        for bar in self.bars.lock().expect("bars lock").values() {
            bar.finish_and_clear();
        }
        let repeated = self.repeated_causes.load(Ordering::Relaxed);
        if repeated > 0 {
            eprintln!("… and {repeated} more documents failed the same way (all are in the report)");
        }
        let (inputs, docs) = self.failure_counts();
        for (count, what) in [(inputs, "input errors"), (docs, "document failures")] {
            if count > MAX_PRINTED {
                eprintln!("… and {} more {what} (all are in the report)", count - MAX_PRINTED);
            }
        }
    }
}

/// The number of records in a corpus, counted cheaply (lines of a JSONL file, files of a directory).
pub fn count_records(input: &Path) -> Option<u64> {
    if input == Path::new("-") {
        return None;
    }
    if input.is_dir() {
        return std::fs::read_dir(input).ok().map(|d| d.count() as u64);
    }
    let mut file = std::fs::File::open(input).ok()?;
    let mut buf = vec![0u8; 1 << 16];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        last = buf[n - 1];
    }
    Some(lines + u64::from(last != b'\n'))
}
