//! JUnit XML: one test case per gated metric, with a `<failure>` when the gate fails.

use super::grid::escape;

/// One gated metric's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct JunitCase {
    /// Usually the system (`tagvote.vote`).
    pub classname: String,
    /// Usually the metric (`micro_f1`).
    pub name: String,
    /// `Some(message)` when the gate failed for this metric.
    pub failure: Option<String>,
    /// What was measured, shown as the case's standard output.
    pub detail: String,
}

/// A `<testsuites>` document with one suite named `suite`.
pub fn junit_xml(suite: &str, cases: &[JunitCase]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"tagvote\" tests=\"{}\" failures=\"{failures}\">\n",
        cases.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        escape(suite),
        cases.len()
    ));
    cases.iter().for_each(|c| out.push_str(&case_xml(c)));
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn case_xml(case: &JunitCase) -> String {
    let mut out = format!(
        "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
        escape(&case.classname),
        escape(&case.name)
    );
    if let Some(message) = &case.failure {
        out.push_str(&format!(
            "      <failure message=\"{}\" type=\"regression\">{}</failure>\n",
            escape(message),
            escape(message)
        ));
    }
    out.push_str(&format!("      <system-out>{}</system-out>\n", escape(&case.detail)));
    out.push_str("    </testcase>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_with_one_case_per_metric_and_a_failure() {
        let cases = [
            JunitCase {
                classname: "tagvote.vote".into(),
                name: "micro_f1".into(),
                failure: None,
                detail: "0.61 & fine".into(),
            },
            JunitCase {
                classname: "tagvote.vote".into(),
                name: "macro_f1".into(),
                failure: Some("dropped by 0.05 <p 0.01>".into()),
                detail: String::new(),
            },
        ];
        let xml = junit_xml("gate", &cases);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let tcs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
        assert_eq!(tcs.len(), 2);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("failure")).count(), 1);
        assert!(tcs[1].children().any(|n| n.has_tag_name("failure")));
        let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).unwrap();
        assert_eq!(suite.attribute("failures"), Some("1"));
    }
}
