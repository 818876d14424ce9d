//! The cost–F1 curve: the cascade's expensive calls against micro-F1 (from the vote analysis), or,
//! without a cascade, each system's cost against its micro-F1.

use super::canvas::{colour, Canvas, Frame};
use crate::analysis::CascadeCurve;
use crate::report::ReportFile;

const TITLE: &str = "Cost against micro F1";

pub(crate) fn cost_f1(report: &ReportFile) -> String {
    let mut c = Canvas::new("chart-cost-f1", TITLE, 640.0, 360.0);
    let frame = Frame {
        left: 60.0,
        top: 40.0,
        width: 540.0,
        height: 260.0,
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
    };
    if let Some(curve) = &report.evaluation.analysis.cascade {
        cascade(&mut c, frame, curve);
    } else if !system_costs(report, &mut c, frame) {
        frame.axes(&mut c, 5, "cost", "micro F1");
        c.text(
            (frame.left + 20.0, frame.top + 30.0),
            "No cost data in this run",
            "start",
            "label",
        );
    }
    c.finish()
}

fn cascade(c: &mut Canvas, mut frame: Frame, curve: &CascadeCurve) {
    let docs = curve.docs.max(1) as f64;
    let f1s = curve
        .points
        .iter()
        .map(|p| p.micro_f1)
        .chain([curve.f1_always, curve.f1_never]);
    frame.y_range = (0.0, f1s.fold(0.0f64, f64::max).max(0.1) * 1.1);
    let x_title = format!("share of documents sent to `{}`", curve.expensive);
    frame.axes(c, 5, &x_title, "micro F1");
    let mut points: Vec<(f64, f64, f32)> = curve
        .points
        .iter()
        .map(|p| (p.calls as f64 / docs, p.micro_f1, p.threshold))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let line: Vec<(f64, f64)> = points.iter().map(|(x, y, _)| (frame.x(*x), frame.y(*y))).collect();
    c.polyline(&line, colour(0), "curve");
    for (x, y, t) in &points {
        let tip = format!("threshold {t:.2}: {:.0}% calls, micro F1 {y:.3}", x * 100.0);
        c.circle((frame.x(*x), frame.y(*y)), 3.5, colour(0), "point", &tip);
    }
    c.circle(
        (frame.x(1.0), frame.y(curve.f1_always)),
        5.0,
        colour(1),
        "point",
        "always call",
    );
    c.circle(
        (frame.x(0.0), frame.y(curve.f1_never)),
        5.0,
        colour(2),
        "point",
        "never call",
    );
}

/// Each system with a cost as a point; false when no system has one.
fn system_costs(report: &ReportFile, c: &mut Canvas, mut frame: Frame) -> bool {
    let systems: Vec<(usize, &str, f64, f64)> = report
        .evaluation
        .systems
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s.system.as_str(), s.cost?.cost, s.metrics.micro.f1)))
        .collect();
    if systems.is_empty() {
        return false;
    }
    let max_cost = systems.iter().map(|s| s.2).fold(0.0f64, f64::max);
    frame.x_range = (0.0, if max_cost > 0.0 { max_cost * 1.1 } else { 1.0 });
    frame.axes(c, 5, "total cost", "micro F1");
    for (i, name, cost, f1) in systems {
        let tip = format!("{name}: cost {cost:.4}, micro F1 {f1:.3}");
        c.circle((frame.x(cost), frame.y(f1)), 6.0, colour(i), "point", &tip);
        c.text((frame.x(cost) + 8.0, frame.y(f1) + 4.0), name, "start", "label");
    }
    true
}
