//! A minimal SVG writer: shapes, text and a linear plot frame.

use crate::report::grid::escape;

/// Colour of the `i`-th system (colour-blind friendly, Okabe–Ito).
pub(crate) fn colour(i: usize) -> &'static str {
    const PALETTE: [&str; 8] = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ];
    PALETTE[i % PALETTE.len()]
}

/// An SVG element being written.
pub(crate) struct Canvas {
    id: &'static str,
    title: String,
    width: f64,
    height: f64,
    body: String,
}

impl Canvas {
    pub(crate) fn new(id: &'static str, title: &str, width: f64, height: f64) -> Canvas {
        Canvas {
            id,
            title: title.to_string(),
            width,
            height,
            body: String::new(),
        }
    }

    pub(crate) fn rect(&mut self, (x, y): (f64, f64), (w, h): (f64, f64), fill: &str, class: &str, tip: &str) {
        self.body.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}</title></rect>\n",
            w.max(0.0),
            h.max(0.0),
            escape(tip)
        ));
    }

    pub(crate) fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, class: &str) {
        self.body.push_str(&format!(
            "<line class=\"{class}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\"/>\n"
        ));
    }

    pub(crate) fn circle(&mut self, (cx, cy): (f64, f64), r: f64, fill: &str, class: &str, tip: &str) {
        self.body.push_str(&format!(
            "<circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"{fill}\" stroke=\"{fill}\"><title>{}</title></circle>\n",
            escape(tip)
        ));
    }

    /// An unfilled circle outlined in `stroke`.
    pub(crate) fn ring(&mut self, (cx, cy): (f64, f64), r: f64, stroke: &str, class: &str, tip: &str) {
        self.body.push_str(&format!(
            "<circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\"><title>{}</title></circle>\n",
            escape(tip)
        ));
    }

    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, class: &str) {
        let pts: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        self.body.push_str(&format!(
            "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"{stroke}\"/>\n",
            pts.join(" ")
        ));
    }

    /// Text anchored `start`, `middle` or `end`.
    pub(crate) fn text(&mut self, (x, y): (f64, f64), s: &str, anchor: &str, class: &str) {
        self.body.push_str(&format!(
            "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>\n",
            escape(s)
        ));
    }

    /// The legend: one coloured square and name per system, in a row at `y`.
    pub(crate) fn legend(&mut self, names: &[String], y: f64) {
        let mut x = 10.0;
        for (i, name) in names.iter().enumerate() {
            self.rect((x, y - 9.0), (10.0, 10.0), colour(i), "legend", name);
            self.text((x + 14.0, y), name, "start", "label");
            x += 24.0 + 7.0 * name.chars().count() as f64;
        }
    }

    pub(crate) fn finish(self) -> String {
        format!(
            "<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>{title}</title>\n{body}</svg>\n",
            id = self.id,
            w = self.width,
            h = self.height,
            title = escape(&self.title),
            body = self.body
        )
    }
}

/// A plot area mapping data ranges onto pixels (y grows upwards in data space).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl Frame {
    pub(crate) fn x(&self, v: f64) -> f64 {
        let (a, b) = self.x_range;
        self.left + self.width * ratio(v - a, b - a)
    }

    pub(crate) fn y(&self, v: f64) -> f64 {
        let (a, b) = self.y_range;
        self.top + self.height * (1.0 - ratio(v - a, b - a))
    }

    /// Axes with `ticks` evenly spaced labels on each, and axis titles.
    pub(crate) fn axes(&self, c: &mut Canvas, ticks: usize, x_title: &str, y_title: &str) {
        let bottom = self.top + self.height;
        c.line((self.left, bottom), (self.left + self.width, bottom), "#333", "axis");
        c.line((self.left, self.top), (self.left, bottom), "#333", "axis");
        for i in 0..=ticks {
            let f = i as f64 / ticks as f64;
            let xv = self.x_range.0 + f * (self.x_range.1 - self.x_range.0);
            let yv = self.y_range.0 + f * (self.y_range.1 - self.y_range.0);
            c.text((self.x(xv), bottom + 14.0), &tick(xv), "middle", "tick");
            c.text((self.left - 4.0, self.y(yv) + 4.0), &tick(yv), "end", "tick");
        }
        c.text(
            (self.left + self.width / 2.0, bottom + 30.0),
            x_title,
            "middle",
            "label",
        );
        c.text((self.left, self.top - 8.0), y_title, "start", "label");
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        (a / b).clamp(0.0, 1.0)
    }
}

fn tick(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}
