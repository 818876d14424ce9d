//! Micro-F1 of every system with its bootstrap confidence interval.

use super::canvas::{colour, Canvas, Frame};
use crate::report::ReportFile;

pub(crate) fn f1_ci(report: &ReportFile) -> String {
    let systems = &report.evaluation.systems;
    let row = 26.0;
    let height = 60.0 + row * systems.len() as f64;
    let mut c = Canvas::new("chart-f1-ci", "Micro F1 with 95% bootstrap interval", 640.0, height);
    let frame = Frame {
        left: 120.0,
        top: 20.0,
        width: 480.0,
        height: row * systems.len() as f64,
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
    };
    ceiling(&mut c, &frame, report);
    for (i, s) in systems.iter().enumerate() {
        let y = frame.top + row * (i as f64 + 0.5);
        c.text((frame.left - 8.0, y + 4.0), &s.system, "end", "label");
        if let Some(ci) = &s.micro_f1_ci {
            c.line((frame.x(ci.low), y), (frame.x(ci.high), y), colour(i), "interval");
        }
        let tip = format!("{}: micro F1 {:.3}", s.system, s.metrics.micro.f1);
        c.circle((frame.x(s.metrics.micro.f1), y), 5.0, colour(i), "point", &tip);
    }
    let bottom = frame.top + frame.height;
    c.line((frame.left, bottom), (frame.left + frame.width, bottom), "#333", "axis");
    for i in 0..=5 {
        let v = i as f64 / 5.0;
        c.text((frame.x(v), bottom + 14.0), &format!("{v:.1}"), "middle", "tick");
    }
    c.text(
        (frame.left + frame.width / 2.0, bottom + 32.0),
        "micro F1",
        "middle",
        "label",
    );
    c.finish()
}

/// The annotators' agreement (the human ceiling): their min–max band and a dashed line at the mean.
fn ceiling(c: &mut Canvas, frame: &Frame, report: &ReportFile) {
    let Some(a) = &report.evaluation.annotators else {
        return;
    };
    let bottom = frame.top + frame.height;
    let tip = format!(
        "annotator agreement: mean micro F1 {:.3} (min {:.3}, max {:.3})",
        a.mean_micro_f1, a.min_micro_f1, a.max_micro_f1
    );
    let (low, high) = (frame.x(a.min_micro_f1), frame.x(a.max_micro_f1));
    c.rect(
        (low, frame.top),
        (high - low, frame.height),
        "#dddddd",
        "ceiling-band",
        &tip,
    );
    let x = frame.x(a.mean_micro_f1);
    c.line((x, frame.top), (x, bottom), "#555555", "ceiling iso-f1");
    c.text(
        (x, frame.top - 6.0),
        &format!("annotator agreement {:.3}", a.mean_micro_f1),
        "end",
        "tick",
    );
}
