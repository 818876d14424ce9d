//! `ReportFile`: schema version, the run record and its evaluation; loading, saving, rendering.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{strip_timing, ReportError};
use crate::evaluation::{EvalOptions, Evaluation};
use crate::record::{RunRecord, RECORD_SCHEMA_VERSION};

/// Current schema of the JSON report.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The canonical report: every other format is generated from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFile {
    pub schema_version: u32,
    /// The raw outcome (taxonomy, hashes, config, git commit, per-document predictions).
    pub run: RunRecord,
    /// Metrics, statistics and analysis computed from `run` with `evaluation.options`.
    pub evaluation: Evaluation,
}

impl ReportFile {
    /// Evaluates a run.
    pub fn new(run: RunRecord, opts: &EvalOptions) -> ReportFile {
        let evaluation = Evaluation::compute(&run, opts);
        ReportFile {
            schema_version: REPORT_SCHEMA_VERSION,
            run,
            evaluation,
        }
    }

    /// Reads a JSON report, checking its schema version.
    pub fn load(path: &Path) -> Result<ReportFile, ReportError> {
        let value = read_json(path)?;
        if value.get("run").is_none() || value.get("evaluation").is_none() {
            return Err(ReportError::NotAReport { path: path.into() });
        }
        check_schema(path, &value, REPORT_SCHEMA_VERSION)?;
        serde_json::from_value(value).map_err(|source| ReportError::Json {
            path: path.into(),
            source,
        })
    }

    /// Reads a JSON report, or a bare run record which is then evaluated with `opts`.
    pub fn load_or_evaluate(path: &Path, opts: &EvalOptions) -> Result<ReportFile, ReportError> {
        let value = read_json(path)?;
        if value.get("run").is_some() {
            return Self::load(path);
        }
        if value.get("docs").is_none() || value.get("systems").is_none() {
            return Err(ReportError::NotAReport { path: path.into() });
        }
        check_schema(path, &value, RECORD_SCHEMA_VERSION)?;
        let run: RunRecord = serde_json::from_value(value).map_err(|source| ReportError::Json {
            path: path.into(),
            source,
        })?;
        Ok(ReportFile::new(run, opts))
    }

    /// Pretty JSON with a final newline; key order is fixed, so equal reports are equal bytes.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// Writes `to_json()` to `path`.
    pub fn save_json(&self, path: &Path) -> Result<(), ReportError> {
        std::fs::write(path, self.to_json()).map_err(|source| ReportError::Write {
            path: path.into(),
            source,
        })
    }

    /// The same report with every timing field neutralised (see `strip_timing`).
    pub fn without_timing(&self) -> ReportFile {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        strip_timing(&mut value);
        serde_json::from_value(value).unwrap_or_else(|_| self.clone())
    }

    /// A tag's name by index (`#idx` when outside the taxonomy).
    pub fn tag_name(&self, idx: tagvote_core::TagIdx) -> String {
        self.run
            .taxonomy
            .get(idx as usize)
            .map_or_else(|| format!("#{idx}"), |t| t.name.clone())
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, ReportError> {
    let bytes = std::fs::read(path).map_err(|source| ReportError::Read {
        path: path.into(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ReportError::Json {
        path: path.into(),
        source,
    })
}

fn check_schema(path: &Path, value: &serde_json::Value, expected: u32) -> Result<(), ReportError> {
    let found = value.get("schema_version");
    if found.and_then(serde_json::Value::as_u64) == Some(u64::from(expected)) {
        return Ok(());
    }
    Err(ReportError::Schema {
        path: path.into(),
        found: found.map_or_else(|| "missing".to_string(), ToString::to_string),
        expected,
    })
}
