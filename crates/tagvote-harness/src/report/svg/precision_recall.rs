//! Precision against recall per system (micro: filled, macro: hollow), over iso-F1 curves.

use super::canvas::{colour, Canvas, Frame};
use crate::report::ReportFile;

pub(crate) fn precision_recall(report: &ReportFile) -> String {
    let systems = &report.evaluation.systems;
    let mut c = Canvas::new(
        "chart-precision-recall",
        "Precision and recall per system",
        460.0,
        440.0,
    );
    let frame = Frame {
        left: 50.0,
        top: 50.0,
        width: 340.0,
        height: 340.0,
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
    };
    iso_f1(&mut c, &frame);
    frame.axes(&mut c, 5, "recall", "precision");
    let names: Vec<String> = systems.iter().map(|s| s.system.clone()).collect();
    c.legend(&names, 16.0);
    for (i, s) in systems.iter().enumerate() {
        let (micro, mac) = (s.metrics.micro, s.metrics.macro_avg);
        let tip = format!(
            "{} micro: P {:.3}, R {:.3}, F1 {:.3}",
            s.system, micro.precision, micro.recall, micro.f1
        );
        c.circle(
            (frame.x(micro.recall), frame.y(micro.precision)),
            6.0,
            colour(i),
            "point",
            &tip,
        );
        let tip = format!("{} macro: P {:.3}, R {:.3}", s.system, mac.precision, mac.recall);
        c.ring(
            (frame.x(mac.recall), frame.y(mac.precision)),
            5.0,
            colour(i),
            "point macro",
            &tip,
        );
    }
    c.text(
        (frame.left + frame.width, frame.top - 8.0),
        "filled: micro, ring: macro",
        "end",
        "tick",
    );
    c.finish()
}

/// Dotted curves where F1 is 0.2, 0.4, 0.6 and 0.8.
fn iso_f1(c: &mut Canvas, frame: &Frame) {
    for f in [0.2, 0.4, 0.6, 0.8] {
        // P = F R / (2R - F) for R in (F/2, 1]
        let points: Vec<(f64, f64)> = (0..=40)
            .map(|k| f / 2.0 + (1.0 - f / 2.0) * (k as f64 / 40.0))
            .filter(|r| 2.0 * r - f > 1e-9)
            .map(|r| (r, (f * r / (2.0 * r - f)).min(1.0)))
            .map(|(r, p)| (frame.x(r), frame.y(p)))
            .collect();
        c.polyline(&points, "#bbb", "iso-f1");
        c.text(
            (frame.x(1.0) + 2.0, frame.y(f / (2.0 - f)) + 3.0),
            &format!("F1 {f:.1}"),
            "start",
            "tick",
        );
    }
}
