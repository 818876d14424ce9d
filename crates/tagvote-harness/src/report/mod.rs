//! The canonical JSON report (`ReportFile`: the run record plus its evaluation) and everything
//! generated from it: terminal tables, Markdown, a self-contained HTML page with SVG charts, JUnit XML.

mod annotators;
mod audit;
mod error;
mod file;
pub(crate) mod format;
mod grid;
mod html;
mod junit;
mod markdown;
mod sections;
mod svg;
mod table;
mod timing;

#[cfg(test)]
mod tests;

pub use audit::analysis_text;
pub use error::ReportError;
pub use file::{ReportFile, REPORT_SCHEMA_VERSION};
pub use grid::Grid;
pub use junit::{junit_xml, JunitCase};
pub use svg::CHART_IDS;
pub use timing::{is_timing_key, strip_timing};
